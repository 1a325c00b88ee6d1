package dev.spotreplacer.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Builds the EC2 client the same way everywhere: explicit region and credentials (no provider
 * chain walk at cold start), the light url-connection HTTP client, and bounded timeouts.
 */
public final class Clients {

  private Clients() {}

  /** Where and as whom to call EC2. */
  public record Target(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {}

  public static Ec2Client ec2(Target target) {
    Ec2ClientBuilder builder = Ec2Client.builder()
        .region(target.region())
        .credentialsProvider(target.credentials())
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            // Standard mode: jittered exponential backoff that also retries RequestLimitExceeded,
            // with a retry quota so a storm of throttled calls fails fast instead of piling up.
            .retryStrategy(RetryMode.STANDARD)
            .apiCallAttemptTimeout(Duration.ofSeconds(10))
            .apiCallTimeout(Duration.ofSeconds(30))
            .build());
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** STS in the target's region (regional endpoint), built like the EC2 client. */
  public static StsClient sts(Target target) {
    StsClientBuilder builder = StsClient.builder()
        .region(target.region())
        .credentialsProvider(target.credentials())
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(10))
            .build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.STANDARD)
            .apiCallAttemptTimeout(Duration.ofSeconds(10))
            .apiCallTimeout(Duration.ofSeconds(30))
            .build());
    target.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
