package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The seeds' hand-run tasks on the built-in emulator: prices, launch, requests, cancel, MFA. */
class ManualCommandsTest {

  private static final String AMI = "ami-0123456789abcdef0";
  private static final String SUBNET_B = "subnet-0bbbbbbbbbbbbbbbb";

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
  void prices_listsThePriceInForcePerZone_cheapestFirst() {
    int exit = run("prices", "--simulate", "--output", "table", "--instance-types", "m5.large,m6i.large");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList()).hasSize(4);
    assertThat(out.toString().lines().skip(1).map(l -> l.split("\\s+")[1] + " " + l.split("\\s+")[2]).toList())
        .containsExactly("us-east-2b 0.031000", "us-east-2c 0.036500", "us-east-2a 0.042000");
  }

  @Test
  void prices_withABadInstanceType_namesTheOption_exitTwo() {
    int exit = run("prices", "--simulate", "--instance-types", "m5.large,LARGE");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: --instance-types 'LARGE' is not an instance type such as m5.large");
  }

  @Test
  void launch_sendsAOneTimeRequest_andWatchesItToRunning() throws Exception {
    int exit = run("launch", "--simulate", "--image-id", AMI, "--instance-type", "m5.large", "--subnet-id", SUBNET_B,
        "--security-group-ids", "sg-0123456789abcdef0", "--key-name", "ops", "--spot-price", "0.05");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode result = lastStdoutLine();
    assertThat(result.path("outcome").asText()).isEqualTo("running");
    assertThat(result.path("statusCode").asText()).isEqualTo("fulfilled");
    assertThat(result.path("spotRequestId").asText()).startsWith("sir-");
    assertThat(result.path("instanceId").asText()).startsWith("i-");
  }

  @Test
  void launch_dryRun_launchesNothing() throws Exception {
    int exit = run("launch", "--simulate", "--image-id", AMI, "--instance-type", "m5.large", "--subnet-id", SUBNET_B,
        "--dry-run");

    assertThat(exit).isZero();
    assertThat(lastStdoutLine().toString()).isEqualTo("{\"outcome\":\"dry-run-ok\",\"message\":\"EC2 would accept"
        + " this one-time spot request; nothing was launched\"}");
  }

  @Test
  void launch_withANonPositiveMaxPrice_isRefusedBeforeAnyCall() {
    int exit = run("launch", "--simulate", "--image-id", AMI, "--instance-type", "m5.large", "--subnet-id", SUBNET_B,
        "--spot-price", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: --spot-price 0 must be a positive USD hourly price such as"
        + " 0.05 (leave it out to cap at the on-demand price)");
  }

  @Test
  void requests_showsStateAndStatusCode() {
    int exit = run("requests", "--simulate", "--output", "text");

    assertThat(exit).isZero();
    assertThat(out.toString().lines().toList()).hasSize(1);
    assertThat(out.toString().lines().findFirst().orElseThrow())
        .matches("sir-\\w+\tactive\tfulfilled\tYour spot request is fulfilled.\ti-1234567890abcdef0\tm5.large"
            + "\tus-east-2a\t2026-11-2\\dT.*");
  }

  @Test
  void cancel_withTerminate_cancelsTheRequest_andTerminatesItsInstance() throws Exception {
    run("requests", "--simulate", "--output", "text");
    String request = out.toString().lines().findFirst().orElseThrow().split("\t")[0];
    out.getBuffer().setLength(0);

    int exit = run("cancel", "--simulate", "--spot-instance-request-ids", request, "--terminate");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode result = lastStdoutLine();
    assertThat(result.path("state").asText()).isEqualTo("cancelled");
    assertThat(result.path("instanceId").asText()).isEqualTo("i-1234567890abcdef0");
    assertThat(result.path("instanceState").asText()).isEqualTo("shutting-down");
  }

  @Test
  void cancel_withABadRequestId_namesTheOption() {
    int exit = run("cancel", "--simulate", "--spot-instance-request-ids", "12345");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: --spot-instance-request-ids '12345' is not a spot request id such as sir-0a1b2c3d");
  }

  @Test
  void mfa_withTheRightCode_upgradesTheSession_andRuns() {
    int exit = run("prices", "--simulate", "--instance-types", "m5.large",
        "--mfa-serial", "arn:aws:iam::123456789012:mfa/ops", "--token-code", "123456");

    assertThat(exit).as(err.toString()).isZero();
  }

  @Test
  void mfa_withAWrongCode_failsWithAClearError_exitTwo() {
    int exit = run("prices", "--simulate", "--instance-types", "m5.large",
        "--mfa-serial", "arn:aws:iam::123456789012:mfa/ops", "--token-code", "654321");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly(
        "error: --token-code: STS refused the MFA code for arn:aws:iam::123456789012:mfa/ops (AccessDenied): use"
            + " the code the device shows now, and check that --mfa-serial is the device assigned to these credentials");
  }

  @Test
  void mfa_codeWithoutSerial_andMalformedCode_areRefusedBeforeAnyCall() {
    assertThat(run("requests", "--simulate", "--token-code", "123456")).isEqualTo(2);
    assertThat(run("requests", "--simulate", "--mfa-serial", "arn:aws:iam::123456789012:mfa/ops", "--token-code", "12a"))
        .isEqualTo(2);
    assertThat(err.toString().lines().toList()).containsExactly(
        "error: --token-code needs --mfa-serial (the MFA device's ARN)",
        "error: --token-code '12a' must be the 6 digits the MFA device shows");
  }

  @Test
  void invoke_runsAManualEventSample_andPrintsItsAnswer() throws Exception {
    int exit = run("invoke", "events/manual-requests.json", "--simulate", "--quiet");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode rows = lastStdoutLine();
    assertThat(rows.get(0).path("state").asText()).isEqualTo("active");
  }

  @Test
  void invoke_withABadManualEvent_namesTheField_exitTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("bad.json");
    java.nio.file.Files.writeString(file, "{\"source\":\"spot-replacer.manual\",\"detail-type\":\"Cancel Spot Request\","
        + "\"detail\":{\"request-id\":\"sir_1\"}}");

    int exit = run("invoke", file.toString(), "--simulate", "--quiet");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines().filter(l -> l.startsWith("error:")).toList()).containsExactly("error: " + file
        + ": detail.request-id 'sir_1' is not a spot request id such as sir-0a1b2c3d");
  }
}
