package dev.spotreplacer.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * Builds the EC2 client the same way everywhere: explicit region and credentials (no provider
 * chain walk at cold start), the light url-connection HTTP client, and bounded timeouts.
 */
public final class Clients {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private Clients() {}

  /** Where and as whom to call EC2. */
  public record Target(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {}

  public static Ec2Client ec2(Target target) {
    return ec2(target, List.of());
  }

  /** The same client with {@code interceptors} added (the benchmark times calls with one). */
  public static Ec2Client ec2(Target target, List<ExecutionInterceptor> interceptors) {
    Ec2ClientBuilder builder = Ec2Client.builder()
        .region(target.region())
        .credentialsProvider(target.credentials())
        .httpClient(httpClient(target.endpoint()))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            // Standard mode: jittered exponential backoff that also retries RequestLimitExceeded,
            // with a retry quota so a storm of throttled calls fails fast instead of piling up.
            .retryStrategy(RetryMode.STANDARD)
            .apiCallAttemptTimeout(Duration.ofSeconds(10))
            .apiCallTimeout(Duration.ofSeconds(30))
            .executionInterceptors(interceptors)
            .build());
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /**
   * For a plain-http endpoint (the emulator, a local test double) the connections are opened
   * directly: the builder's default would set up TLS, loading the JDK's CA certificates, about a
   * fifth of a second of cold start, for a client that never speaks TLS.
   */
  private static SdkHttpClient httpClient(Optional<URI> endpoint) {
    if (endpoint.isPresent() && "http".equalsIgnoreCase(endpoint.get().getScheme())) {
      return UrlConnectionHttpClient.create(uri -> {
        try {
          HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
          connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
          connection.setReadTimeout((int) SOCKET_TIMEOUT.toMillis());
          return connection;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(CONNECT_TIMEOUT)
        .socketTimeout(SOCKET_TIMEOUT)
        .build();
  }
}
