package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void beforeCheckpoint_runsOneDescribeInstancesThroughTheSdk_withoutNetwork() {
    Priming priming = new Priming();

    priming.beforeCheckpoint(null);
    priming.beforeCheckpoint(null);

    assertThat(priming.primed()).isEqualTo(2);
  }
}
