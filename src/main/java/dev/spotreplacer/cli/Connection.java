package dev.spotreplacer.cli;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.sim.StsConfig;
import dev.spotreplacer.time.Sleeper;
import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/** The options every hand-run command shares: where to call (AWS, an endpoint, the emulator) and as whom. */
final class Connection {

  static final String SIMULATED_REGION = "us-east-2";
  static final Instant SIMULATED_START = Instant.parse("2026-11-23T10:00:00Z");
  private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");

  @Option(names = "--simulate", description = "Run against the built-in EC2 emulator on virtual time"
      + " (it accepts MFA code 123456 only).")
  boolean simulate;

  @Option(names = "--scenario", paramLabel = "FILE", description = "With --simulate: seed the emulator from this scenario JSON.")
  Path scenarioFile;

  @Option(names = "--endpoint-url", paramLabel = "URL", description = "An EC2-compatible endpoint (default: real AWS).")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", description = "Region to call (default, as the AWS CLI:"
      + " AWS_REGION, AWS_DEFAULT_REGION, the profile's region; us-east-2 with --simulate).")
  String region;

  @Option(names = "--profile", paramLabel = "NAME", description = "A profile from the AWS config and credentials"
      + " files (default: AWS_PROFILE, else default).")
  String profile;

  @Option(names = "--mfa-serial", paramLabel = "ARN", description = "Upgrade the credentials with sts:GetSessionToken"
      + " and this MFA device first (needs --token-code).")
  String mfaSerial;

  @Option(names = "--token-code", paramLabel = "CODE", description = "The 6-digit code the MFA device shows now.")
  String tokenCode;

  /**
   * The clients, clock and (with --simulate) the emulator of one command run; {@code target} is
   * where and as whom, for a command that needs one more client (doctor's EventBridge).
   */
  record Session(Ec2Client ec2, StsClient sts, Region region, Clock clock, Sleeper sleeper,
      Optional<Ec2Emulator> emulator, Clients.Target target) implements AutoCloseable {
    @Override
    public void close() {
      ec2.close();
      sts.close();
      emulator.ifPresent(Ec2Emulator::close);
    }
  }

  /**
   * Checks the options, resolves region and credentials and says on {@code notes} which are used.
   * With {@code resolveNow} the credentials are fetched before any call, so that having none is one
   * clear line; doctor passes false and reports it as a check.
   */
  Session open(Map<String, String> env, Notes notes, boolean resolveNow) throws IOException {
    if ((mfaSerial == null) != (tokenCode == null)) {
      throw new IllegalArgumentException(mfaSerial == null ? "--token-code needs --mfa-serial (the MFA device's ARN)"
          : "--mfa-serial needs --token-code (the 6-digit code the device shows now)");
    }
    if (tokenCode != null && !TOKEN_CODE.matcher(tokenCode).matches()) {
      throw new IllegalArgumentException("--token-code '" + tokenCode + "' must be the 6 digits the MFA device shows");
    }
    if (simulate && endpoint != null) {
      throw new IllegalArgumentException("--simulate and --endpoint-url are alternatives: give one");
    }
    if (scenarioFile != null && !simulate) {
      throw new IllegalArgumentException("--scenario needs --simulate (it seeds the built-in emulator; without"
          + " --simulate the run would go to AWS)");
    }
    if (simulate) {
      if (profile != null) {
        throw new IllegalArgumentException("--profile and --simulate are alternatives: the emulator takes no credentials");
      }
      Scenario scenario = scenarioFile != null ? Scenario.load(scenarioFile)
          : Scenario.defaultFor(SimulateCommand.SAMPLE_INSTANCE, region != null ? region : SIMULATED_REGION);
      VirtualClock clock = new VirtualClock(SIMULATED_START);
      Ec2Emulator emulator = Ec2Emulator.start(scenario, clock, 0, StsConfig.DEFAULT);
      notes.say("emulator: " + emulator.endpoint() + " (region " + scenario.region() + ", virtual time)");
      AwsCredentialsProvider base = StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY));
      return session(base, Region.of(scenario.region()), Optional.of(emulator.endpoint()), clock, clock,
          Optional.of(emulator));
    }
    Optional<URI> at = Optional.ofNullable(endpoint).map(Endpoints::parse);
    AwsCliConfig config = new AwsCliConfig(env, profile);
    AwsCliConfig.Sourced<Region> chosen = config.region(region);
    AwsCliConfig.Sourced<AwsCredentialsProvider> credentials = config.credentials();
    String who = resolveNow ? Identity.describe(credentials) : credentials.source();
    notes.say("region " + chosen.value().id() + " (" + chosen.source() + "), credentials " + who
        + at.map(uri -> ", endpoint " + uri).orElse(""));
    return session(credentials.value(), chosen.value(), at, Clock.systemUTC(), Sleeper.system(), Optional.empty());
  }

  private Session session(AwsCredentialsProvider base, Region region, Optional<URI> at, Clock clock, Sleeper sleeper,
      Optional<Ec2Emulator> emulator) {
    StsClient sts = Clients.sts(new Clients.Target(region, base, at));
    AwsCredentialsProvider credentials = base;
    if (mfaSerial != null) {
      credentials = upgraded(sts);
      sts.close();
      sts = Clients.sts(new Clients.Target(region, credentials, at));
    }
    Clients.Target target = new Clients.Target(region, credentials, at);
    Ec2Client ec2 = Clients.ec2(target);
    return new Session(ec2, sts, region, clock, sleeper, emulator, target);
  }

  /** One GetSessionToken with the code: a code is good once, so no refreshing provider here. */
  private AwsCredentialsProvider upgraded(StsClient sts) {
    Credentials c;
    try {
      c = sts.getSessionToken(b -> b.serialNumber(mfaSerial).tokenCode(tokenCode)).credentials();
    } catch (StsException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("AccessDenied".equals(code)) {
        throw new IllegalArgumentException("--token-code: STS refused the MFA code for " + mfaSerial
            + " (AccessDenied): use the code the device shows now, and check that --mfa-serial is the device"
            + " assigned to these credentials", e);
      }
      throw new IllegalArgumentException("--mfa-serial/--token-code: sts:GetSessionToken failed (" + code + "): "
          + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
    }
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
  }
}
