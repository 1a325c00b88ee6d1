package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.replace.AppliedCap;
import dev.spotreplacer.replace.DataVolume;
import dev.spotreplacer.replace.ElasticIp;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.PoolTried;
import dev.spotreplacer.replace.Reason;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written writer says exactly what databind says from Result's annotations. */
class ResultJsonTest {

  @Test
  void everyFieldSet_isWrittenAsDatabindWritesIt() throws Exception {
    Result full = SampleResults.replacement(Outcome.REPLACED, Reason.Code.RUNNING, "i-new replaces i-old \"quoted\" \u00e9")
        .priceCap(new AppliedCap("0.0535", "MAX_PRICE_FRACTION 0.5 x on-demand 0.107 for m5.large"
            + " (AWS Price List API, eu-west-1 Linux/UNIX)"))
        .poolsTried(List.of(new PoolTried("m5.large", "us-east-1b", "subnet-1", "0.031000", "chosen", null, "sir-1", 7, "note"), new PoolTried("m5.xlarge", "us-east-1a", "subnet-2", "0.062000", "rejected", "capacity-not-available", "sir-0", null, null)))
        .apiCalls(Map.of("RequestSpotInstances", 1L, "DescribeInstances", 3L))
        .launched("spot", "run-instances", "RequestSpotInstances cannot carry: hibernation")
        .elasticIp(new ElasticIp("eipalloc-1", null))
        .volumes(List.of(new DataVolume("vol-1", "/dev/sdf")))
        .volumesPending(List.of("vol-2"))
        .build();

    assertThat(ResultJson.of(full)).isEqualTo(Json.mapper().writeValueAsString(full));
  }

  @Test
  void beforeAnyLaunch_nullsAreLeftOut_asDatabindLeavesThemOut() throws Exception {
    Result early = Result.of(Outcome.SKIPPED, Reason.Code.NOT_OPTED_IN, "no tag")
        .interruptedInstanceId("i-old")
        .timings(new Timings(null, null, null, 12))
        .build();

    assertThat(ResultJson.of(early)).isEqualTo(Json.mapper().writeValueAsString(early))
        .doesNotContain("null");
  }

  @Test
  void writtenLine_readsBackIntoTheSameResult() throws Exception {
    Result result = Result.of(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "would launch")
        .interruptedInstanceId("i-old")
        .instanceType("m5.large")
        .availabilityZone("us-east-1a")
        .spotPrice("0.04")
        .eventId("evt")
        .timings(new Timings(null, null, null, 0))
        .apiCalls(Map.of("DescribeInstances", 2L))
        .build();

    assertThat(Json.mapper().readValue(ResultJson.of(result), Result.class)).isEqualTo(result);
  }
}
