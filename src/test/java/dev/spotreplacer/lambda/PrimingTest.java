package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void beforeCheckpoint_runsOneDescribeInstancesThroughTheSdk_withoutNetwork() {
    Priming priming = new Priming();

    priming.beforeCheckpoint(null);
    priming.beforeCheckpoint(null);

    assertThat(priming.primed()).isEqualTo(2);
  }

  @Test
  void inBackground_runsOnADaemonThread_thatCannotKeepTheProcessAlive_andEnds() throws InterruptedException {
    Thread primer = Priming.startInBackground();

    assertThat(primer.isDaemon()).isTrue();
    assertThat(primer.getName()).isEqualTo("spot-replacer-priming");
    primer.join(Duration.ofSeconds(30).toMillis());
    assertThat(primer.isAlive()).as("priming finished").isFalse();
  }
}
