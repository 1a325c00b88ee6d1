package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.replace.Timings;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Embedded Metric Format line: exactly what CloudWatch reads. */
class EmfLineTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:45Z");

  @Test
  void replaced_countsOneReplacementByReason_withTimingsAndThePriceByInstanceType() {
    Result result = new Result(Outcome.REPLACED, "running", "i-new replaces i-old", "i-old", "i-new", "sir-1",
        "m5.large", "us-east-1b", "0.031000", "running", "evt-1", List.of(), new Timings(120L, 3100L, 45000L, 45010),
        Map.of());

    assertThat(new EmfLine().of(result, NOW)).isEqualTo("{\"_aws\":{\"Timestamp\":1795428045000,"
        + "\"CloudWatchMetrics\":["
        + "{\"Namespace\":\"SpotReplacer\",\"Dimensions\":[[\"Reason\"],[]],\"Metrics\":[{\"Name\":\"Replacements\",\"Unit\":\"Count\"}]},"
        + "{\"Namespace\":\"SpotReplacer\",\"Dimensions\":[[]],\"Metrics\":[{\"Name\":\"TimeToRequest\",\"Unit\":\"Milliseconds\"},"
        + "{\"Name\":\"TimeToRunning\",\"Unit\":\"Milliseconds\"}]},"
        + "{\"Namespace\":\"SpotReplacer\",\"Dimensions\":[[\"InstanceType\"]],\"Metrics\":[{\"Name\":\"SpotPrice\",\"Unit\":\"None\"}]}]},"
        + "\"Reason\":\"running\",\"Replacements\":1,\"TimeToRequest\":120,\"TimeToRunning\":45000,"
        + "\"InstanceType\":\"m5.large\",\"SpotPrice\":0.031000,\"outcome\":\"replaced\",\"eventId\":\"evt-1\","
        + "\"interruptedInstanceId\":\"i-old\",\"replacementInstanceId\":\"i-new\",\"spotRequestId\":\"sir-1\"}");
  }

  @Test
  void skipped_countsOneSkipByReason_only() throws Exception {
    Result result = new Result(Outcome.SKIPPED, "not-opted-in", "no tag", "i-old", null, null, null, null, null,
        null, "evt-2", List.of(), new Timings(null, null, null, 12), Map.of());

    JsonNode line = Json.mapper().readTree(new EmfLine().of(result, NOW));

    assertThat(line.at("/_aws/CloudWatchMetrics")).hasSize(1);
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("Skips");
    assertThat(line.path("Skips").asInt()).isEqualTo(1);
    assertThat(line.path("Reason").asText()).isEqualTo("not-opted-in");
    assertThat(line.has("SpotPrice")).isFalse();
  }

  @Test
  void everyOutcome_hasItsOwnCountMetric() {
    assertThat(List.of(Outcome.values())).extracting(o -> EmfLine.countName(new Result(o, "r", "m", null, null, null,
            null, null, null, null, null, List.of(), new Timings(null, null, null, 0), Map.of())))
        .containsExactlyInAnyOrder("Replacements", "Skips", "Failures", "Pending", "DryRuns");
  }

  @Test
  void failureARetryCanHeal_isCountedApartFromTheAlarmedFailures() {
    Result throttled = new Result(Outcome.FAILED, "throttled", "m", null, null, null, null, null, null, null, null,
        List.of(), new Timings(null, null, null, 0), Map.of());
    Result denied = new Result(Outcome.FAILED, "missing-permission", "m", null, null, null, null, null, null, null,
        null, List.of(), new Timings(null, null, null, 0), Map.of());

    assertThat(EmfLine.countName(throttled)).isEqualTo("TransientFailures");
    assertThat(EmfLine.countName(denied)).isEqualTo("Failures");
  }

  @Test
  void handler_writesOneMetricsLinePerInvocation_toItsSink() throws Exception {
    VirtualClock clock = new VirtualClock(NOW);
    List<String> lines = new ArrayList<>();
    Handler handler = new Handler(new Handler.Wiring(Settings.defaults(), clock,
        (notice, context) -> { throw new AssertionError("an unhandled event needs no Replacer"); }, lines::add,
        ResultLog.CONTEXT_LOGGER));
    byte[] s3 = "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}".getBytes(StandardCharsets.UTF_8);

    handler.handleRequest(new ByteArrayInputStream(s3), new ByteArrayOutputStream(), new TestContext(clock, 300));

    assertThat(lines).singleElement().satisfies(line -> {
      JsonNode emf = Json.mapper().readTree(line);
      assertThat(emf.path("Skips").asInt()).isEqualTo(1);
      assertThat(emf.path("Reason").asText()).isEqualTo("event-not-handled");
    });
  }
}
