package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiltersTest {

  @Test
  void glob_supportsStarQuestionMarkAndEscapes() {
    assertThat(Filters.glob("us-east-1*").matcher("us-east-1b").matches()).isTrue();
    assertThat(Filters.glob("m5.?large").matcher("m5.xlarge").matches()).isTrue();
    assertThat(Filters.glob("m5.?large").matcher("m5.large").matches()).isFalse();
    assertThat(Filters.glob("a\\*").matcher("a*").matches()).isTrue();
    assertThat(Filters.glob("a\\*").matcher("ab").matches()).isFalse();
    assertThat(Filters.glob("1.0").matcher("100").matches()).isFalse();
  }
}
