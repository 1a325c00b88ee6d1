package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.lambda.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample scenarios of a hostile or misconfigured account, end to end through the local runner. */
class InvokeUnderConditionsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int invoke(String scenario) {
    return Main.run(Cli.HERMETIC, new PrintWriter(out, true), new PrintWriter(err, true),
        "invoke", "events/spot-interruption-warning.json", "--simulate", "--scenario", scenario, "--quiet");
  }

  private JsonNode result() throws Exception {
    List<String> lines = out.toString().lines().toList();
    return Json.mapper().readTree(lines.get(lines.size() - 1));
  }

  @Test
  void throttlingAndFaults_stillEndReplaced() throws Exception {
    int exit = invoke("scenarios/hostile-ec2.json");

    assertThat(exit).as(out.toString()).isEqualTo(Main.OK);
    assertThat(result().path("outcome").asText()).isEqualTo("replaced");
  }

  @Test
  void deniedSpotRequest_failsNamingTheMissingPermission_exitThree() throws Exception {
    int exit = invoke("scenarios/denied-spot-request.json");

    assertThat(exit).isEqualTo(Main.FAILED);
    assertThat(result().path("reason").asText()).isEqualTo("missing-permission");
    assertThat(result().path("message").asText()).isEqualTo("not allowed to call ec2:CreateLaunchTemplate: grant"
        + " it to the function's role (template.yaml lists every action the function needs)");
  }

  @Test
  void missingSpotServiceLinkedRole_saysHowToCreateIt_exitThree() throws Exception {
    int exit = invoke("scenarios/no-spot-service-linked-role.json");

    assertThat(exit).isEqualTo(Main.FAILED);
    assertThat(result().path("reason").asText()).isEqualTo("spot-service-linked-role-missing");
    assertThat(result().path("message").asText()).contains(
        "aws iam create-service-linked-role --aws-service-name spot.amazonaws.com");
  }
}
