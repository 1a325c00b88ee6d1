package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.replace.DataVolume;
import dev.spotreplacer.replace.ElasticIp;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.PoolTried;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written writer says exactly what databind says from Result's annotations. */
class ResultJsonTest {

  @Test
  void everyFieldSet_isWrittenAsDatabindWritesIt() throws Exception {
    Result full = new Result(Outcome.REPLACED, "running", "i-new replaces i-old \"quoted\" \u00e9", "i-old", "i-new",
        "sir-1", "m5.large", "us-east-1b", "0.031000", "running", "evt-1",
        List.of(new PoolTried("m5.large", "us-east-1b", "subnet-1", "0.031000", "chosen", null, "sir-1", 7, "note"),
            new PoolTried("m5.xlarge", "us-east-1a", "subnet-2", "0.062000", "rejected", "capacity-not-available",
                "sir-0", null, null)),
        new Timings(120L, 3100L, 45000L, 45010), Map.of("RequestSpotInstances", 1L, "DescribeInstances", 3L),
        "spot", "run-instances", "RequestSpotInstances cannot carry: hibernation", new ElasticIp("eipalloc-1", null), List.of(new DataVolume("vol-1", "/dev/sdf")),
        List.of("vol-2"));

    assertThat(ResultJson.of(full)).isEqualTo(Json.mapper().writeValueAsString(full));
  }

  @Test
  void beforeAnyLaunch_nullsAreLeftOut_asDatabindLeavesThemOut() throws Exception {
    Result early = new Result(Outcome.SKIPPED, "not-opted-in", "no tag", "i-old", null, null, null, null, null, null,
        null, List.of(), new Timings(null, null, null, 12), Map.of());

    assertThat(ResultJson.of(early)).isEqualTo(Json.mapper().writeValueAsString(early))
        .doesNotContain("null");
  }

  @Test
  void writtenLine_readsBackIntoTheSameResult() throws Exception {
    Result result = new Result(Outcome.DRY_RUN, "dry-run-ok", "would launch", "i-old", null, null, "m5.large",
        "us-east-1a", "0.04", null, "evt", List.of(), new Timings(null, null, null, 0), Map.of("DescribeInstances", 2L));

    assertThat(Json.mapper().readValue(ResultJson.of(result), Result.class)).isEqualTo(result);
  }
}
