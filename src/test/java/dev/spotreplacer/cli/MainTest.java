package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {

  private final String before = System.getProperty(Main.CONVERTER_EXCLUDES);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(Main.CONVERTER_EXCLUDES);
    } else {
      System.setProperty(Main.CONVERTER_EXCLUDES, before);
    }
  }

  @Test
  void picocliSkipsJavaTimeAndJavaSqlConvertersButKeepsTheOnesOptionsUse() {
    System.clearProperty(Main.CONVERTER_EXCLUDES);
    Main.skipUnusedConverters();
    String[] patterns = System.getProperty(Main.CONVERTER_EXCLUDES).split(",");
    assertThat(excluded(patterns, "java.time.Duration")).isTrue();
    assertThat(excluded(patterns, "java.sql.Timestamp")).isTrue();
    for (String used : new String[] {"java.nio.file.Path", "java.net.URI", "java.math.BigDecimal", "java.lang.Integer"}) {
      assertThat(excluded(patterns, used)).as(used).isFalse();
    }
  }

  @Test
  void aUsersOwnConverterExclusionIsLeftAlone() {
    System.setProperty(Main.CONVERTER_EXCLUDES, "java.util.Currency");
    Main.skipUnusedConverters();
    assertThat(System.getProperty(Main.CONVERTER_EXCLUDES)).isEqualTo("java.util.Currency");
  }

  private static boolean excluded(String[] patterns, String className) {
    return Arrays.stream(patterns).anyMatch(className::matches);
  }
}
