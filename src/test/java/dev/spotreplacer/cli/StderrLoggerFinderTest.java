package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrLoggerFinderTest {

  @Test
  void theClassPathNamesItAsTheJdksLoggerFinder() {
    assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(StderrLoggerFinder.class);
  }

  @Test
  void infoAndAboveReachStderrOnOneLineWithFormatParametersFilledIn() {
    String written = stderrOf(() -> {
      System.Logger logger = System.getLogger("jdk.sample");
      logger.log(System.Logger.Level.DEBUG, "not shown");
      logger.log(System.Logger.Level.TRACE, "not shown either");
      logger.log(System.Logger.Level.WARNING, "port {0} busy", 8080);
      logger.log(System.Logger.Level.INFO, "plain");
      logger.log(System.Logger.Level.ERROR, "bad {x} {0}", "p");
    });
    assertThat(written.lines()).containsExactly("WARNING jdk.sample: port 8,080 busy", "INFO jdk.sample: plain",
        "ERROR jdk.sample: bad {x} {0}");
  }

  @Test
  void debugIsNotLoggableSoCallersSkipBuildingTheMessage() {
    System.Logger logger = System.getLogger("jdk.sample");
    assertThat(logger.isLoggable(System.Logger.Level.DEBUG)).isFalse();
    assertThat(logger.isLoggable(System.Logger.Level.INFO)).isTrue();
    assertThat(logger.isLoggable(System.Logger.Level.OFF)).isFalse();
  }

  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
