package dev.spotreplacer.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks every request's Signature Version 4 as AWS does: the access key is one this endpoint
 * issued or was told of, the session token matches the key's, the scope names a region and the
 * service, and the signature is the one the secret key gives for the request as
 * received. Written here from AWS's SigV4 documentation, independent of any SDK: the emulator is
 * the oracle the SDK's signing is tested against.
 */
final class Signatures {

  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
          + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

  /** A secret key, and the session token that must come with it (null for long-term keys). */
  record Secret(String secretAccessKey, String sessionToken) {
    Secret {
      Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
    }
  }

  /** Who signed a request that passed. */
  record Signer(String accessKeyId, String region) {}

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  private final Map<String, Secret> keys = new ConcurrentHashMap<>();

  /** From now on, {@code accessKeyId} signs with {@code secret} (and, if not null, that session token). */
  void accept(String accessKeyId, String secretAccessKey, String sessionToken) {
    keys.put(accessKeyId, new Secret(secretAccessKey, sessionToken));
  }

  /** From now on {@code accessKeyId} is unknown here (expired or rotated away). */
  void revoke(String accessKeyId) {
    keys.remove(accessKeyId);
  }

  /** Verifies {@code request} for {@code service}; the fault EC2 answers when it does not pass. */
  Signer verify(LoopbackHttpServer.Request request, String service) {
    String authorization = request.header("Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new Ec2Fault("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS"
          + " access key ID or X.509 certificate.", 401);
    }
    Matcher auth = AUTHORIZATION.matcher(authorization.trim());
    if (!auth.matches()) {
      throw new Ec2Fault("IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and"
          + " 'Signature' for AWS4-HMAC-SHA256.", 400);
    }
    String keyId = auth.group(1);
    String date = auth.group(2);
    String scopeRegion = auth.group(3);
    String scopeService = auth.group(4);
    List<String> signedHeaders = List.of(auth.group(5).split(";"));
    Secret secret = keys.get(keyId);
    if (secret == null) {
      throw new Ec2Fault("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    }
    String token = request.header("X-Amz-Security-Token");
    if (!Objects.equals(token, secret.sessionToken())) {
      throw new Ec2Fault("AuthFailure", secret.sessionToken() == null
          ? "AWS was not able to validate the provided access credentials"
          : "The security token included in the request is invalid.", 401);
    }
    // One endpoint stands for every region here (clients of several regions share it), so any
    // region-shaped scope passes and the answers are scoped to it.
    if (!REGION.matcher(scopeRegion).matches()) {
      throw new Ec2Fault("SignatureDoesNotMatch", "Credential should be scoped to a valid region, not '"
          + scopeRegion + "'.", 403);
    }
    if (!scopeService.equals(service)) {
      throw new Ec2Fault("SignatureDoesNotMatch", "Credential should be scoped to correct service: '" + service
          + "'.", 403);
    }
    String amzDate = request.header("X-Amz-Date");
    if (amzDate == null || !amzDate.startsWith(date)) {
      throw new Ec2Fault("IncompleteSignature", "Date in Credential scope does not match YYYYMMDD from ISO-8601"
          + " version of date from HTTP: '" + date + "' != '" + amzDate + "'", 400);
    }
    if (!signedHeaders.contains("host")) {
      throw new Ec2Fault("SignatureDoesNotMatch", "The host header must be signed.", 403);
    }
    String canonical = canonicalRequest(request, signedHeaders);
    String scope = date + "/" + scopeRegion + "/" + scopeService + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
    byte[] key = hmac(("AWS4" + secret.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, scopeRegion);
    key = hmac(key, scopeService);
    key = hmac(key, "aws4_request");
    String expected = hex(hmac(key, toSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
      throw new Ec2Fault("SignatureDoesNotMatch", "The request signature we calculated does not match the"
          + " signature you provided. Check your AWS Secret Access Key and signing method.", 403);
    }
    return new Signer(keyId, scopeRegion);
  }

  private static String canonicalRequest(LoopbackHttpServer.Request request, List<String> signedHeaders) {
    String target = request.target();
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    StringBuilder canonical = new StringBuilder()
        .append(request.method()).append('\n')
        .append(path.isEmpty() ? "/" : path).append('\n')
        .append(canonicalQuery(q < 0 ? "" : target.substring(q + 1))).append('\n');
    for (String name : signedHeaders) {
      String value = Optional.ofNullable(request.header(name)).orElse("");
      canonical.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
    }
    canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
    String payloadHash = request.header("X-Amz-Content-Sha256");
    canonical.append(payloadHash != null ? payloadHash : hex(sha256(request.body())));
    return canonical.toString();
  }

  /** Parameters sorted by encoded name, then value, each encoded as SigV4 asks (RFC 3986 unreserved kept). */
  private static String canonicalQuery(String raw) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (Map.Entry<String, String> pair : FormParams.pairs(raw)) {
      pairs.add(Map.entry(encode(pair.getKey()), encode(pair.getValue())));
    }
    pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    List<String> joined = new ArrayList<>();
    pairs.forEach(pair -> joined.add(pair.getKey() + "=" + pair.getValue()));
    return String.join("&", joined);
  }

  private static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
