package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner as a new user tries it (issue 17): every command and sample, each checked for
 * its exit code, its stdout and its one-line error. Real-AWS runs go to an emulator behind
 * --endpoint-url with the region and credentials resolved from temporary AWS config files.
 */
class RunnerAsUsersRunItTest {

  @TempDir
  Path dir;

  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE with these contents, and nothing else. */
  private Map<String, String> awsFiles(String config, String credentials) throws IOException {
    Path configFile = Files.writeString(dir.resolve("config"), config);
    Path credentialsFile = Files.writeString(dir.resolve("credentials"), credentials);
    return Map.of("AWS_CONFIG_FILE", configFile.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
  }

  private static final String KEYS = "aws_access_key_id = AKIDTESTTESTTEST\naws_secret_access_key = test-secret\n";

  // --- region and credentials, as the AWS CLI resolves them

  @Test
  void awsDefaultRegion_isUsed_andSaidOnStderr() throws IOException {
    try (Ec2Emulator emulator = Ec2Emulator.start(Scenario.defaultFor("i-1234567890abcdef0", "eu-west-1"),
        Clock.systemUTC(), 0)) {
      emulator.acceptCredentials("AKIDTESTTESTTEST", "test-secret", null);
      Map<String, String> env = new java.util.HashMap<>(awsFiles("", "[default]\n" + KEYS));
      env.put("AWS_DEFAULT_REGION", "eu-west-1");

      Cli.Run run = Cli.run(env, "requests", "--endpoint-url", emulator.endpoint().toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.errLines().get(0)).isEqualTo("region eu-west-1 (AWS_DEFAULT_REGION), credentials from profile"
              + " default, endpoint " + emulator.endpoint())
          .doesNotContain("AKIDTESTTESTTEST").doesNotContain("test-secret");
      assertThat(run.lastJson().get(0).path("availabilityZone").asText()).isEqualTo("eu-west-1a");
    }
  }

  @Test
  void awsRegion_winsOverAwsDefaultRegion_andRegionFlagOverBoth() throws IOException {
    Map<String, String> env = Map.of("AWS_REGION", "ap-south-1", "AWS_DEFAULT_REGION", "eu-west-1");
    AwsCliConfig config = new AwsCliConfig(env, null);

    assertThat(config.region(null)).isEqualTo(new AwsCliConfig.Sourced<>(software.amazon.awssdk.regions.Region.AP_SOUTH_1,
        "AWS_REGION"));
    assertThat(config.region("us-west-2").value().id()).isEqualTo("us-west-2");
  }

  @Test
  void profileFlag_readsTheConfigFilesRegion_andItsOwnCredentials() throws IOException {
    try (Ec2Emulator emulator = Ec2Emulator.start(Scenario.defaultFor("i-1234567890abcdef0", "ap-south-1"),
        Clock.systemUTC(), 0)) {
      emulator.acceptCredentials("AKIDTESTTESTTEST", "test-secret", null);
      Map<String, String> env = awsFiles("[profile dev]\nregion = ap-south-1\noutput = text\n", "[dev]\n" + KEYS);

      Cli.Run run = Cli.run(env, "requests", "--profile", "dev", "--endpoint-url", emulator.endpoint().toString());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.errLines().get(0)).isEqualTo("region ap-south-1 (profile dev), credentials from profile dev,"
          + " endpoint " + emulator.endpoint());
      // The profile's output setting, as the AWS CLI honours it: text, tab-separated.
      assertThat(run.out().lines().findFirst().orElseThrow()).contains("\tactive\tfulfilled\t");
    }
  }

  @Test
  void awsProfile_choosesTheProfile_forRegionToo() throws IOException {
    Map<String, String> env = new java.util.HashMap<>(awsFiles("[profile dev]\nregion = eu-central-1\n", "[dev]\n" + KEYS));
    env.put("AWS_PROFILE", "dev");

    assertThat(new AwsCliConfig(env, null).region(null).source()).isEqualTo("profile dev");
    assertThat(new AwsCliConfig(env, null).region(null).value().id()).isEqualTo("eu-central-1");
  }

  @Test
  void noRegionAnywhere_isOneLine_exitTwo_beforeAnyCall() {
    Cli.Run run = Cli.run("prices", "--instance-types", "m5.large");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errorLine()).isEqualTo("error: no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION,"
        + " or set region in profile default (aws configure)");
  }

  @Test
  void unknownProfile_isOneLine_exitTwo() throws IOException {
    Map<String, String> env = awsFiles("[profile dev]\nregion = eu-central-1\n", "");

    Cli.Run run = Cli.run(env, "requests", "--region", "us-east-1", "--profile", "nope");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: --profile: the config profile (nope) could not be found in "
        + dir.resolve("config") + " or " + dir.resolve("credentials"));
  }

  @Test
  void noCredentials_isOneShortLine_notTheProviderChain() {
    var chain = software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain.of(() -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials from system"
          + " settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system"
          + " property (aws.accessKeyId).");
    });

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Identity.describe(new AwsCliConfig.Sourced<>(chain,
            "instance profile")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(Identity.NONE);
    assertThat(Identity.NONE).hasSizeLessThan(200);
  }

  // --- samples that must work on --simulate

  @Test
  void manualLaunchSample_printsItsResultOnce_exitZero() {
    Cli.Run run = Cli.run("invoke", "events/manual-launch.json", "--simulate");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().toList()).hasSize(1);
    assertThat(run.lastJson().path("outcome").asText()).isEqualTo("running");
    assertThat(run.err()).doesNotContain("\"outcome\"").doesNotContain("error");
  }

  @Test
  void manualCancelSample_cancelsTheEmulatorsRequest_exitZero() {
    Cli.Run run = Cli.run("invoke", "events/manual-cancel.json", "--simulate", "--quiet");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.lastJson().path("state").asText()).isEqualTo("cancelled");
    assertThat(run.lastJson().path("instanceId").asText()).isEqualTo("i-1234567890abcdef0");
  }

  @Test
  void manualPricesSample_answersForTheEventsRegionAndTime() {
    Cli.Run run = Cli.run("invoke", "events/manual-prices.json", "--simulate", "--quiet");

    assertThat(run.exit()).isZero();
    for (JsonNode row : run.lastJson()) {
      assertThat(row.path("availabilityZone").asText()).startsWith("us-east-2");
      assertThat(row.path("since").asText()).startsWith("2026-11-2");
    }
  }

  @Test
  void everySample_onTheEmulator_exitsZero() throws IOException {
    try (var files = Files.list(Path.of("events"))) {
      for (Path sample : files.filter(f -> !f.getFileName().toString().startsWith("malformed")).sorted().toList()) {
        Cli.Run run = Cli.run("invoke", sample.toString(), "--simulate", "--quiet");

        assertThat(run.exit()).as(sample + ": " + run.err()).isZero();
        assertThat(run.err()).as(sample.toString()).isEmpty();
        run.lastJson();
      }
    }
  }

  // --- errors: one line, naming the flag, exit 2, nothing on stdout

  @Test
  void scenarioWithoutSimulate_isRefused_ratherThanGoingToAws() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--scenario", "scenarios/three-zones.json");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errorLine()).isEqualTo("error: --scenario needs --simulate (it seeds the built-in emulator; without"
        + " --simulate the run would go to AWS)");
    assertThat(Cli.run("requests", "--scenario", "scenarios/three-zones.json").exit()).isEqualTo(2);
  }

  @Test
  void endpointThatIsNotAUrl_namesTheFlag() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--endpoint-url", "not-a-url");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: --endpoint-url 'not-a-url' is not a URL such as"
        + " http://127.0.0.1:4566 or https://ec2.us-east-1.amazonaws.com");
  }

  @Test
  void aDirectoryAsTheEvent_isBadInput() {
    Cli.Run run = Cli.run("invoke", dir.toString(), "--simulate");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: " + dir + ": is a directory; name an event file such as"
        + " events/spot-interruption-warning.json");
  }

  @Test
  void negativeTimeout_isRefused() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--simulate", "--timeout-seconds", "-5");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: --timeout-seconds -5 must be at least 1");
  }

  @Test
  void unknownSubnet_blamesTheFlag_notSubnetIds() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--simulate", "--subnet-ids", "subnet-nope");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errorLine()).startsWith("error: --subnet-ids: ").contains("subnet-nope")
        .endsWith(" in us-east-2 (InvalidSubnetID.NotFound)").doesNotContain("SUBNET_IDS");
  }

  @Test
  void stormFaultRateOverOne_namesTheFlag() {
    Cli.Run run = Cli.run("storm", "--fault-rate", "2");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: --fault-rate 2.0 must be between 0 and 1");
  }

  @Test
  void usageMistake_isOneLine_notTheWholeHelp() {
    Cli.Run run = Cli.run("prices", "--simulate", "--instance-types", "m5.large", "--bogus");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errorLine()).startsWith("error: Unknown option: '--bogus'")
        .endsWith(" (see: spot-replacer prices --help)");
  }

  @Test
  void badOutputFormat_namesTheFlag() {
    Cli.Run run = Cli.run("requests", "--simulate", "--output", "yaml");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errorLine()).isEqualTo("error: --output 'yaml' is not one of json, table, text");
  }

  @Test
  void doctor_withAnUnreachableEndpoint_blamesTheNetwork_notTheCredentials() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    Map<String, String> env = awsFiles("", "[default]\n" + KEYS);

    Cli.Run run = Cli.run(env, "doctor", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:" + port,
        "--quiet");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("fail    network ")
        .contains("could not reach the endpoint (ConnectException");
    assertThat(run.out()).doesNotContain("fail    credentials");
  }

  // --- AWS CLI conventions

  @Test
  void listsTakeSpaces_asTheAwsCli_andCommasStillWork_missingTypesAreSaid() {
    Cli.Run spaces = Cli.run("prices", "--simulate", "--instance-types", "m5.large", "m6i.large");
    Cli.Run commas = Cli.run("prices", "--simulate", "--instance-types", "m5.large,m6i.large");

    assertThat(spaces.exit()).as(spaces.err()).isZero();
    assertThat(spaces.out()).isEqualTo(commas.out());
    assertThat(spaces.lastJson()).hasSize(3);
    assertThat(spaces.errLines()).contains("no spot price for m6i.large (Linux/UNIX) in us-east-2: not offered as"
        + " spot there");
  }

  @Test
  void oldFlagNames_stillWork_butHelpShowsTheAwsCliNames() {
    Cli.Run run = Cli.run("launch", "--simulate", "--quiet", "--ami", "ami-0123456789abcdef0", "--instance-type",
        "m5.large", "--subnet-id", "subnet-0bbbbbbbbbbbbbbbb", "--max-price", "0.05");
    Cli.Run help = Cli.run("launch", "--help");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(help.out()).contains("--image-id", "--spot-price").doesNotContain("--ami", "--max-price");
    assertThat(Cli.run("cancel", "--help").out()).contains("--spot-instance-request-ids").doesNotContain("--request-id");
    assertThat(Cli.run("prices", "--help").out()).contains("--product-descriptions").doesNotContain("--product ");
  }

  @Test
  void idsAreCheckedByPrefixOnly_EC2JudgesTheRest() {
    Cli.Run longer = Cli.run("cancel", "--simulate", "--quiet", "--spot-instance-request-ids", "sir-0123456789abcdefg");
    Cli.Run wrong = Cli.run("cancel", "--simulate", "--quiet", "--spot-instance-request-ids", "12345");

    assertThat(longer.errorLine()).startsWith("error: InvalidSpotInstanceRequestID.");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.errorLine()).isEqualTo("error: --spot-instance-request-ids '12345' is not a spot request id"
        + " such as sir-0a1b2c3d");
  }

  @Test
  void quiet_meansNothingOnStderr_andTheResultIsOnceOnStdout() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet");

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines().toList()).hasSize(1);
    assertThat(run.lastJson().path("outcome").asText()).isEqualTo("replaced");
  }

  @Test
  void withoutQuiet_stderrHasProgress_butNeverTheResult() {
    Cli.Run run = Cli.run("invoke", "events/spot-interruption-warning.json", "--simulate");

    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("emulator: ").contains("is running").doesNotContain("\"outcome\"");
    assertThat(run.out().lines().toList()).hasSize(1);
  }

  @Test
  void everyCommandTakesOutput_tableAndText() {
    Cli.Run table = Cli.run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet", "--output", "table");
    Cli.Run text = Cli.run("requests", "--simulate", "--quiet", "--output", "text");
    Cli.Run env = Cli.run(Map.of("AWS_DEFAULT_OUTPUT", "table"), "requests", "--simulate", "--quiet");

    assertThat(table.out().lines().findFirst().orElseThrow()).matches("FIELD\\s+VALUE");
    assertThat(table.out()).containsPattern("(?m)^outcome\\s+replaced$");
    assertThat(text.out().lines().findFirst().orElseThrow()).contains("\t");
    assertThat(env.out().lines().findFirst().orElseThrow()).startsWith("SPOT_REQUEST_ID");
    for (String command : new String[] {"invoke", "simulate", "storm", "prices", "launch", "requests", "cancel",
        "doctor"}) {
      assertThat(Cli.run(command, "--help").out()).as(command).contains("--output", "--quiet");
    }
  }

  @Test
  void launch_showsEachPollWithElapsedTime() {
    Cli.Run run = Cli.run("launch", "--simulate", "--image-id", "ami-0123456789abcdef0", "--instance-type", "m5.large",
        "--subnet-id", "subnet-0bbbbbbbbbbbbbbbb");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).containsPattern("\\[\\s+\\d+\\.\\ds\\] requested m5.large in subnet-0bbbbbbbbbbbbbbbb: sir-")
        .containsPattern("\\[\\s+\\d+\\.\\ds\\] i-\\w+ running");
  }
}
