package dev.spotreplacer.aws;

import dev.spotreplacer.time.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.sts.StsClient;

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

  /** 10 s per attempt; 60 s per call: room for the 6 attempts' throttling backoff (see Retries). */
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  public static Ec2Client ec2(Target target) {
    return ec2(target, List.of());
  }

  /** The same client with {@code interceptors} added (the benchmark times calls with one). */
  public static Ec2Client ec2(Target target, List<ExecutionInterceptor> interceptors) {
    return build(target, Optional.empty(), ATTEMPT_TIMEOUT, CALL_TIMEOUT, interceptors, httpClient(target.endpoint()));
  }

  /**
   * The same client over another transport: priming sends each action through it to canned
   * answers, so that it warms the retry strategy and timeouts the real client uses.
   */
  public static Ec2Client ec2(Target target, SdkHttpClient transport) {
    return build(target, Optional.empty(), ATTEMPT_TIMEOUT, CALL_TIMEOUT, List.of(), transport);
  }

  /**
   * For runs on virtual time (emulator, storm): retry backoff waits on {@code retryPause}, and the
   * wall-clock call timeouts are wide, because a call may wait while other flows use the clock.
   */
  public static Ec2Client ec2(Target target, Sleeper retryPause) {
    return build(target, Optional.of(retryPause), Duration.ofMinutes(2), Duration.ofMinutes(10), List.of(),
        httpClient(target.endpoint()));
  }

  /**
   * The same, with the call timeouts scheduled on {@code timers} rather than on a pool of the
   * client's own: the storm's hundreds of clients would otherwise start five timer threads each.
   * The caller owns {@code timers}; closing the client leaves it running.
   */
  public static Ec2Client ec2(Target target, Sleeper retryPause, ScheduledExecutorService timers) {
    return build(Ec2Client.builder(), target, configuration(Optional.of(retryPause), Duration.ofMinutes(2),
        Duration.ofMinutes(10), List.of()).toBuilder().scheduledExecutorService(timers).build(),
        httpClient(target.endpoint()));
  }

  private static Ec2Client build(Target target, Optional<Sleeper> retryPause, Duration attemptTimeout,
      Duration callTimeout, List<ExecutionInterceptor> interceptors, SdkHttpClient transport) {
    return build(Ec2Client.builder(), target, configuration(retryPause, attemptTimeout, callTimeout, interceptors),
        transport);
  }

  private static ClientOverrideConfiguration configuration(Optional<Sleeper> retryPause, Duration attemptTimeout,
      Duration callTimeout, List<ExecutionInterceptor> interceptors) {
    return ClientOverrideConfiguration.builder()
        // Standard mode, 6 attempts: why, in Retries.
        .retryStrategy(Retries.standard(retryPause))
        .apiCallAttemptTimeout(attemptTimeout)
        .apiCallTimeout(callTimeout)
        .executionInterceptors(interceptors)
        .build();
  }

  /** STS in the target's region (regional endpoint), built like the EC2 client. */
  public static StsClient sts(Target target) {
    return build(StsClient.builder(), target, helperCallConfiguration(), httpClient(target.endpoint()));
  }

  /**
   * The AWS Price List API, as {@code home} (the function's own credentials and endpoint override):
   * the Price List is not account-specific, and its endpoints are in a few regions only (us-east-1
   * among them), each answering for every region, so the region a price is for is a filter, not
   * where the client calls (see {@link #priceListRegion}).
   * Without an endpoint override the SDK resolves the endpoint itself, so AWS_ENDPOINT_URL (or
   * AWS_ENDPOINT_URL_PRICING) applies.
   */
  public static PricingClient pricing(Target home) {
    return helper(PricingClient.builder(),
        new Target(priceListRegion(home.region()), home.credentials(), home.endpoint()));
  }

  /**
   * {@code home} if the Price List API is served there, else us-east-1 if its partition has it, else
   * the first region of the partition that does: the SDK's own endpoint metadata says which.
   */
  static Region priceListRegion(Region home) {
    List<Region> serving = PricingClient.serviceMetadata().regions();
    if (serving.contains(home)) {
      return home;
    }
    String partition = partition(home);
    List<Region> same = serving.stream().filter(r -> partition(r).equals(partition))
        .sorted(java.util.Comparator.comparing(Region::id)).toList();
    if (same.contains(Region.US_EAST_1) || same.isEmpty()) {
      return Region.US_EAST_1;
    }
    return same.get(0);
  }

  private static String partition(Region region) {
    PartitionMetadata metadata = PartitionMetadata.of(region);
    return metadata == null ? "aws" : metadata.id();
  }

  /**
   * Any other service's client in the target's region, built like the STS client (the local
   * runner's doctor reads EventBridge rules this way; the function never does).
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C helper(B builder,
      Target target) {
    return build(builder, target, helperCallConfiguration(), httpClient(target.endpoint()));
  }

  /** STS and EventBridge calls are few and not throttled in storms: the SDK's standard retries do. */
  private static ClientOverrideConfiguration helperCallConfiguration() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.STANDARD)
        .apiCallAttemptTimeout(Duration.ofSeconds(10))
        .apiCallTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Every client alike: explicit region and credentials, the light HTTP client, the endpoint override. */
  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder,
      Target target, ClientOverrideConfiguration configuration, SdkHttpClient transport) {
    builder.region(target.region())
        .credentialsProvider(target.credentials())
        .overrideConfiguration(configuration);
    builder.httpClient(transport);
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
