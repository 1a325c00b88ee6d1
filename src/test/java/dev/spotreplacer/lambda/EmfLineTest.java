package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Reason;
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
    Result result = SampleResults.replacement(Outcome.REPLACED, Reason.Code.RUNNING, "i-new replaces i-old")
        .build();

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
    Result result = Result.of(Outcome.SKIPPED, Reason.Code.NOT_OPTED_IN, "no tag")
        .interruptedInstanceId("i-old")
        .eventId("evt-2")
        .timings(new Timings(null, null, null, 12))
        .build();

    JsonNode line = Json.mapper().readTree(new EmfLine().of(result, NOW));

    assertThat(line.at("/_aws/CloudWatchMetrics")).hasSize(1);
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo("Skips");
    assertThat(line.path("Skips").asInt()).isEqualTo(1);
    assertThat(line.path("Reason").asText()).isEqualTo("not-opted-in");
    assertThat(line.has("SpotPrice")).isFalse();
  }

  @Test
  void everyOutcome_hasItsOwnCountMetric() {
    assertThat(List.of(Outcome.values())).extracting(o -> EmfLine.countName(Result.of(o, Reason.fromWire("r"), "m")
        .timings(new Timings(null, null, null, 0))
        .build()))
        .containsExactlyInAnyOrder("Replacements", "Skips", "Failures", "Pending", "DryRuns");
  }

  @Test
  void failureARetryCanHeal_isCountedApartFromTheAlarmedFailures() {
    Result throttled = Result.of(Outcome.FAILED, Reason.Code.THROTTLED, "m")
        .timings(new Timings(null, null, null, 0))
        .build();
    Result denied = Result.of(Outcome.FAILED, Reason.Code.MISSING_PERMISSION, "m")
        .timings(new Timings(null, null, null, 0))
        .build();

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
