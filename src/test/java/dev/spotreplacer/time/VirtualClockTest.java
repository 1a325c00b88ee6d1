package dev.spotreplacer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void sleep_ofAFractionOfAMillisecond_movesTheClockPastIt_neverLeavesItEarly() {
    VirtualClock clock = new VirtualClock(T0);
    // What is left until an interruption time of 10:02:00.000250 once the clock shows 10:02:00.000.
    Instant target = T0.plusNanos(250_000);

    clock.sleep(Duration.between(clock.instant(), target));

    assertThat(clock.instant()).isAfterOrEqualTo(target).isEqualTo(T0.plusMillis(1));
  }

  @Test
  void sleep_ofWholeMilliseconds_movesTheClockByExactlyThat() {
    VirtualClock clock = new VirtualClock(T0);

    clock.sleep(Duration.ofMillis(1_500));
    clock.sleep(Duration.ZERO);

    assertThat(clock.instant()).isEqualTo(T0.plusMillis(1_500));
  }

  @Test
  void wholeMillis_countsAStartedMillisecondAsWhole() {
    assertThat(Sleeper.wholeMillis(Duration.ZERO)).isZero();
    assertThat(Sleeper.wholeMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(Sleeper.wholeMillis(Duration.ofNanos(250_000))).isEqualTo(1);
    assertThat(Sleeper.wholeMillis(Duration.ofMillis(8_000))).isEqualTo(8_000);
    assertThat(Sleeper.wholeMillis(Duration.ofMillis(8_000).plusNanos(1))).isEqualTo(8_001);
  }
}
