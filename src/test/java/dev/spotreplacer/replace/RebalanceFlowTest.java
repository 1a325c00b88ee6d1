package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** REPLACE_ON_REBALANCE: launch on the recommendation, and let the later warning find that launch. */
class RebalanceFlowTest {

  static String rebalance(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"evt-rebalance\",\"detail-type\":\"EC2 Instance Rebalance Recommendation\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T09:58:00Z\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1a:instance/" + instanceId + "\"],"
        + "\"detail\":{\"instance-id\":\"" + instanceId + "\"}}";
  }

  @Test
  void rebalanceThenWarning_launchesOneReplacement_andTheWarningIsSkippedAsAlreadyReplaced() {
    Settings settings = allSubnets().withReplaceOnRebalance(true);
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result early = flow.replace(settings, rebalance(OLD));
      Result warned = flow.replace(settings, warning(OLD));

      assertThat(early.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(early.reason().wireName()).isEqualTo("running");
      assertThat(warned.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(warned.reason().wireName()).isEqualTo("already-replaced");
      assertThat(warned.message()).isEqualTo(early.replacementInstanceId() + " already replaces " + OLD
          + " (request " + early.spotRequestId() + ")");
      assertThat(warned.replacementInstanceId()).isEqualTo(early.replacementInstanceId());
      assertThat(flow.emulator.spotRequests())
          .filteredOn(r -> OLD.equals(r.tags().get("spot-replacer:replaces"))).hasSize(1);
      assertThat(flow.emulator.actionCounts()).containsEntry("RequestSpotInstances", 1L);
    }
  }

  @Test
  void rebalanceWhileTheLaunchIsStillOpen_warningResumesIt_withoutASecondRequest() {
    Settings settings = allSubnets().withReplaceOnRebalance(true);
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      // A budget too short for fulfilment: the recommendation leaves an open request behind.
      Result early = flow.replace(settings, rebalance(OLD), java.time.Duration.ofMillis(500));
      Result warned = flow.replace(settings, warning(OLD));

      assertThat(early.outcome()).isEqualTo(Outcome.PENDING);
      assertThat(warned.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(warned.spotRequestId()).isEqualTo(early.spotRequestId());
      assertThat(flow.emulator.spotRequests()).hasSize(2);
      // EC2 may not list a request made a moment ago (eventual consistency): the warning then sends
      // RequestSpotInstances again with the same ClientToken, and EC2 answers with the same request.
      assertThat(flow.emulator.spotRequests())
          .filteredOn(r -> OLD.equals(r.tags().get("spot-replacer:replaces"))).hasSize(1);
      assertThat(flow.emulator.actionCounts()).containsEntry("RequestSpotInstances", 2L);
    }
  }

  @Test
  void rebalance_isSkippedByDefault_withNoEc2Call() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), rebalance(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("notice-not-handled");
      assertThat(result.message()).isEqualTo("'EC2 Instance Rebalance Recommendation' for " + OLD
          + " is not acted on (setting REPLACE_ON_REBALANCE=true launches early on it)");
      assertThat(flow.emulator.actionCounts()).isEqualTo(Map.of());
    }
  }

  @Test
  void replaceOnRebalance_isReadFromTheEnvironment() {
    assertThat(Settings.fromEnvironment(Map.of("REPLACE_ON_REBALANCE", "true")).replaceOnRebalance()).isTrue();
    assertThat(Settings.defaults().replaceOnRebalance()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Settings.fromEnvironment(Map.of("REPLACE_ON_REBALANCE", "yes")))
        .hasMessage("REPLACE_ON_REBALANCE: 'yes' must be true or false");
  }
}
