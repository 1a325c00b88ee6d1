package dev.spotreplacer.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** A raw form POST to the emulator, signed by the SDK's own SigV4 signer (or not at all). */
final class SignedPost {

  private SignedPost() {}

  /** Signed with the emulator's local key, for us-east-1 and ec2. */
  static HttpResponse<String> post(URI endpoint, String form) throws Exception {
    return post(endpoint, form, AwsCredentialsIdentity.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID,
        Ec2Emulator.LOCAL_SECRET_ACCESS_KEY), "us-east-1", "ec2");
  }

  /** Signed with {@code credentials} for {@code region} and {@code service}. */
  static HttpResponse<String> post(URI endpoint, String form, AwsCredentialsIdentity credentials, String region,
      String service) throws Exception {
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service));
    return send(endpoint, signed.request().headers(), body);
  }

  /** A GET with the parameters in the query string, signed with the local key. */
  static HttpResponse<String> get(URI endpoint, String query) throws Exception {
    URI uri = URI.create(endpoint + "/?" + query);
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(
            Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)).request(unsigned)
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ec2"));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    signed.request().headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** As it is: no signature. */
  static HttpResponse<String> unsigned(URI endpoint, String form) throws Exception {
    return send(endpoint, Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8")),
        form.getBytes(StandardCharsets.UTF_8));
  }

  static AwsCredentialsIdentity session(String keyId, String secret, String token) {
    return AwsSessionCredentialsIdentity.create(keyId, secret, token);
  }

  private static HttpResponse<String> send(URI endpoint, Map<String, List<String>> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach((name, values) -> {
      // The JDK's client sets Host and Content-Length itself, to the same values that were signed.
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
