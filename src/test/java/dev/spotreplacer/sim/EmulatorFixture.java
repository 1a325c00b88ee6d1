package dev.spotreplacer.sim;

import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** An emulator on virtual time plus a real SDK client pointed at it; close it after each test. */
final class EmulatorFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  static final String INSTANCE_ID = "i-0123456789abcdef0";
  static final String REGION = "us-east-1";

  final VirtualClock clock = new VirtualClock(START);
  final Ec2Emulator emulator;
  final Ec2Client ec2;

  private EmulatorFixture(Scenario scenario) {
    try {
      this.emulator = Ec2Emulator.start(scenario, clock, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.ec2 = client(emulator);
  }

  static EmulatorFixture start(Scenario scenario) {
    return new EmulatorFixture(scenario);
  }

  static EmulatorFixture startDefault() {
    return new EmulatorFixture(Scenario.defaultFor(INSTANCE_ID, REGION));
  }

  /** The real SDK client as the project builds it, minus retries so a failing test fails fast. */
  static Ec2Client client(Ec2Emulator emulator, ExecutionInterceptor... interceptors) {
    return Ec2Client.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.of(emulator.scenario().region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .executionInterceptors(List.of(interceptors)))
        .build();
  }

  void advance(int seconds) {
    clock.advance(Duration.ofSeconds(seconds));
  }

  @Override
  public void close() {
    ec2.close();
    emulator.close();
  }
}
