package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner as a newcomer uses it: the sample events on the built-in emulator. */
class InvokeCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(Cli.HERMETIC, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private JsonNode lastStdoutLine() throws Exception {
    String[] lines = out.toString().strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }

  @Test
  void sampleWarning_onTheEmulator_isReplaced_exitZero() throws Exception {
    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode result = lastStdoutLine();
    assertThat(result.path("outcome").asText()).isEqualTo("replaced");
    assertThat(result.path("state").asText()).isEqualTo("running");
    assertThat(err.toString()).contains("requested m5.large/us-east-2a").contains("is running");
  }

  @Test
  void sameEventAndSeed_giveTheSameResult() throws Exception {
    run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet");
    JsonNode first = lastStdoutLine();
    out.getBuffer().setLength(0);
    run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet");

    assertThat(lastStdoutLine()).isEqualTo(first);
  }

  @Test
  void dryRun_exitsZero_withOutcomeDryRun() throws Exception {
    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate", "--dry-run", "--quiet");

    assertThat(exit).isZero();
    assertThat(lastStdoutLine().path("outcome").asText()).isEqualTo("dry-run");
  }

  @Test
  void malformedEvent_oneLineError_exitTwo() {
    int exit = run("invoke", "events/malformed-missing-instance-id.json", "--simulate");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip()).isEqualTo("error: events/malformed-missing-instance-id.json:"
        + " detail.instance-id is missing: every EventBridge event from EC2 has it");
  }

  @Test
  void missingFile_oneLineError_exitTwo() {
    int exit = run("invoke", "events/nope.json", "--simulate");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString().strip()).isEqualTo("error: events/nope.json: no such file (samples are in events/)");
  }

  @Test
  void scenarioWithoutCapacity_failsWithExitThree(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("empty.json");
    Files.writeString(scenario, """
        {"region": "us-east-2",
         "instances": [{"instanceId": "i-1234567890abcdef0", "instanceType": "m5.large",
                        "availabilityZone": "us-east-2a", "subnetId": "subnet-0a1", "imageId": "ami-0a1",
                        "lifecycle": "spot", "tags": {"spot-replacer:enabled": "true"}}],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-2a", "price": "0.04", "capacity": 0}],
         "seed": 3}
        """);

    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate", "--scenario", scenario.toString(), "--quiet");

    assertThat(exit).isEqualTo(Main.FAILED);
    assertThat(lastStdoutLine().path("reason").asText()).isEqualTo("capacity-not-available");
  }

  @Test
  void timeLimitBeforeRunning_printsThePendingResult_exitFour() throws Exception {
    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate", "--timeout-seconds", "40",
        "--quiet");

    assertThat(exit).as(err.toString()).isEqualTo(Main.PENDING);
    assertThat(lastStdoutLine().path("outcome").asText()).isEqualTo("pending");
    assertThat(lastStdoutLine().path("spotRequestId").asText()).startsWith("sir-");
  }

  @Test
  void helpAndUnknownCommands_listEveryCommand() {
    String all = "invoke, simulate, storm, prices, launch, requests, cancel, doctor";

    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("invoke", "simulate", "storm", "prices", "launch", "requests",
        "cancel", "doctor");
    assertThat(run()).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("name a command: " + all);
    assertThat(run("nope")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString().lines().toList()).last()
        .isEqualTo("error: Unmatched argument at index 0: 'nope' (see: spot-replacer --help)");
  }

  @Test
  void commandHelp_buildsOnlyThatCommand_andShowsItsOptions() {
    assertThat(run("invoke", "--help")).isZero();

    assertThat(out.toString()).contains("Usage: spot-replacer invoke").contains("--simulate").doesNotContain("storm");
  }

  @Test
  void noEventFile_orTwoTargets_isBadInput_exitTwo() {
    assertThat(run("invoke", "--simulate")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("Missing required parameter: 'EVENT.json'");

    assertThat(run("invoke", "events/spot-interruption-warning.json", "--simulate", "--endpoint-url",
        "http://127.0.0.1:1")).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("mutually exclusive");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void subnetIdsAndDryRun_reachTheHandler() throws Exception {
    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet", "--dry-run",
        "--subnet-ids", "subnet-0bbbbbbbbbbbbbbbb", "subnet-0aaaaaaaaaaaaaaaa");

    assertThat(exit).as(err.toString()).isEqualTo(Main.OK);
    assertThat(lastStdoutLine().path("outcome").asText()).isEqualTo("dry-run");
    assertThat(lastStdoutLine().path("availabilityZone").asText()).isEqualTo("us-east-2b");
  }

  @Test
  void region_overridesTheEventsRegion() throws Exception {
    int exit = run("invoke", "events/spot-interruption-warning.json", "--simulate", "--quiet", "--region", "eu-west-1");

    assertThat(exit).as(err.toString()).isEqualTo(Main.OK);
    assertThat(lastStdoutLine().path("availabilityZone").asText()).isEqualTo("eu-west-1a");
  }

  @Test
  void progressTimesPrintAsPrintfDidToOneDecimalHalfUp() {
    for (long millis = 0; millis <= 250_000; millis += 7) {
      assertThat(InvokeCommand.elapsed(millis))
          .as("%d ms", millis)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%6.1f", millis / 1000.0));
    }
    assertThat(InvokeCommand.elapsed(1_050)).isEqualTo("   1.1");
    assertThat(InvokeCommand.elapsed(1_049)).isEqualTo("   1.0");
    assertThat(InvokeCommand.elapsed(12_345_678)).isEqualTo("12345.7");
  }
}
