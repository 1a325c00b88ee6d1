package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar spot-replacer.jar storm} as shipped: on G1 with no heap limit it runs in a child JVM. */
class RunnerStormIT {

  @TempDir
  Path dir;

  @Test
  void plainJavaJarStorm_runsInAChildJvm_andPrintsItsReportOnceWithItsExitCode() throws Exception {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseG1GC", "-jar", System.getProperty("runner.jar", "target/spot-replacer.jar"), "storm",
        "--events", "12", "--duplicates", "3", "--seed", "2")
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("HOME", dir.toString());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    List<String> stdout = Files.readAllLines(out);
    String stderr = Files.readString(err);
    assertThat(process.exitValue()).as(stderr).isZero();
    assertThat(stderr).contains("storm: in a child JVM with -Xmx512m");
    assertThat(stderr.lines().filter(l -> l.startsWith("storm: 12 warnings")).count()).isEqualTo(1);
    assertThat(stdout).hasSize(1);
    JsonNode report = new ObjectMapper().readTree(stdout.get(0));
    assertThat(report.path("replaced").asInt()).isEqualTo(12);
    assertThat(report.path("lost").asInt()).isZero();
  }
}
