package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.lambda.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small storm through the command: every instance replaced once, none lost, figures from the emulator. */
class StormCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(Cli.HERMETIC, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private JsonNode lastLine() throws Exception {
    List<String> lines = out.toString().lines().toList();
    return Json.mapper().readTree(lines.get(lines.size() - 1));
  }

  @Test
  void smallStormWithDuplicatesAndFaults_replacesEachInstanceOnce_andLosesNone() throws Exception {
    int exit = run("storm", "--events", "24", "--duplicates", "6", "--fault-rate", "0.05", "--seed", "3");

    JsonNode report = lastLine();
    assertThat(exit).as(out + "\n" + err).isEqualTo(Main.OK);
    assertThat(report.path("events").asInt()).isEqualTo(30);
    assertThat(report.path("distinctInstances").asInt()).isEqualTo(24);
    assertThat(report.path("replaced").asInt()).isEqualTo(24);
    assertThat(report.path("duplicateReplacements").asInt()).isZero();
    assertThat(report.path("lost").asInt()).isZero();
    assertThat(report.path("failed").asInt()).isZero();
    assertThat(report.path("injectedFaults").asLong()).isPositive();
    assertThat(report.path("timeToRunningP95Ms").asLong())
        .isGreaterThanOrEqualTo(report.path("timeToRunningP50Ms").asLong()).isGreaterThanOrEqualTo(40_000);
    for (String field : List.of("skipped", "throttled", "timeToRequestP50Ms", "timeToRequestP95Ms")) {
      assertThat(report.has(field)).as(field).isTrue();
    }
  }

  @Test
  void stormOutput_neverShowsTagValues() {
    run("storm", "--events", "6", "--duplicates", "2", "--fault-rate", "0.1", "--seed", "5");

    assertThat(out.toString() + err).doesNotContain(Storm.SECRET_TAG_VALUE);
  }

  @Test
  void badOptions_areRefusedNamingTheOption() {
    int exit = run("storm", "--events", "0");

    assertThat(exit).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).isEqualTo("error: --events 0 must be at least 1\n");
  }

  @Test
  void g1WithoutAHeapLimit_isTheCaseThatGetsTheMemoryNote() {
    assertThat(StormCommand.growsHeapFreely(java.util.List.of(), java.util.List.of("G1 Young Generation"))).isTrue();
    assertThat(StormCommand.growsHeapFreely(java.util.List.of("-Xmx512m"), java.util.List.of("G1 Young Generation")))
        .isFalse();
    assertThat(StormCommand.growsHeapFreely(java.util.List.of(), java.util.List.of("Copy", "MarkSweepCompact"))).isFalse();
  }
}
