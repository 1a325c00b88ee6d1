package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LocalContextTest {

  @Test
  void localRequestIdsAreVersion4UuidsAndDiffer() {
    UUID first = UUID.fromString(LocalContext.randomId(ThreadLocalRandom.current()));
    UUID second = UUID.fromString(LocalContext.randomId(ThreadLocalRandom.current()));
    assertThat(first.version()).isEqualTo(4);
    assertThat(first.variant()).isEqualTo(2);
    assertThat(first).isNotEqualTo(second);
  }
}
