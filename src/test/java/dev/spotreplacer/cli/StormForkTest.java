package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a storm moves to a child JVM with a heap of its own, and the command line it gets. */
class StormForkTest {

  private static final Path JAVA = Path.of("/jdk");
  private static final Path OWN = Path.of("r.jar");
  private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");
  private static final List<String> ARGS = List.of("storm", "--events", "500");

  @Test
  void plainJavaJarOnG1WithoutAHeapLimit_runsTheStormInAChildWithSerialGcAndAFixedHeap() {
    assertThat(StormFork.command("target/spot-replacer.jar storm --events 500", List.of("-XX:TieredStopAtLevel=1"),
        G1, JAVA, Path.of("target/spot-replacer.jar"), ARGS)).contains(List.of("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx512m", "-Dspot-replacer.storm.child=true", "-jar", "target/spot-replacer.jar", "storm", "--events",
            "500"));
  }

  @Test
  void aCollectorTheUserChose_isKept() {
    assertThat(StormFork.command("r.jar storm", List.of("-XX:+UseG1GC"), G1, JAVA, OWN, ARGS).orElseThrow())
        .contains("-XX:+UseG1GC", "-Xmx512m").doesNotContain("-XX:+UseSerialGC");
  }

  @Test
  void aHeapLimitSerialGcAChildOrAnotherLauncher_runsHere() {
    assertThat(StormFork.command("r.jar storm", List.of("-Xmx2g"), G1, JAVA, OWN, ARGS)).isEmpty();
    assertThat(StormFork.command("r.jar storm", List.of(), List.of("Copy", "MarkSweepCompact"), JAVA, OWN, ARGS)).isEmpty();
    assertThat(StormFork.command("r.jar storm", List.of("-Dspot-replacer.storm.child=true"), G1, JAVA, OWN, ARGS))
        .isEmpty();
    assertThat(StormFork.command("org.apache.maven.surefire.booter.ForkedBooter /tmp", List.of(), G1, JAVA, OWN, ARGS))
        .isEmpty();
    assertThat(StormFork.command(null, List.of(), G1, JAVA, OWN, ARGS)).isEmpty();
    assertThat(StormFork.command("other.jar storm", List.of(), G1, JAVA, OWN, ARGS)).isEmpty();
    assertThat(StormFork.command("r.jar storm", List.of(), G1, JAVA, Path.of("target/classes"), ARGS)).isEmpty();
  }
}
