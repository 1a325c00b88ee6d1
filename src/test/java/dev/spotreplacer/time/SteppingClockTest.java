package dev.spotreplacer.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SteppingClockTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** A participant of {@code clock}: joined now, started by the caller once all have joined. */
  private static Thread participant(SteppingClock clock, Runnable work) {
    clock.join();
    return new Thread(() -> {
      try {
        work.run();
      } finally {
        clock.leave();
      }
    });
  }

  private static void runAll(List<Thread> threads) throws InterruptedException {
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void sleep(SteppingClock clock, long millis) {
    try {
      clock.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void manyConcurrentSleepers_doNotRaceTimeForward() throws Exception {
    SteppingClock clock = new SteppingClock(T0);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      threads.add(participant(clock, () -> sleep(clock, 1_000)));
    }
    runAll(threads);

    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void sleepersWakeInTimeOrder_eachAtItsOwnTime() throws Exception {
    SteppingClock clock = new SteppingClock(T0);
    Map<Long, Long> wokeAt = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (long d : new long[] {3_000, 1_000, 2_000, 1_500}) {
      threads.add(participant(clock, () -> {
        sleep(clock, d);
        wokeAt.put(d, clock.millis() - T0.toEpochMilli());
      }));
    }
    runAll(threads);

    assertThat(wokeAt).containsExactlyInAnyOrderEntriesOf(Map.of(1_000L, 1_000L, 1_500L, 1_500L, 2_000L, 2_000L,
        3_000L, 3_000L));
  }

  @Test
  void timeStandsStill_whileAnyParticipantIsBusy() throws Exception {
    SteppingClock clock = new SteppingClock(T0);
    clock.join();
    Thread sleeper = participant(clock, () -> sleep(clock, 5_000));
    sleeper.start();
    awaitBlocked(sleeper);

    assertThat(clock.instant()).isEqualTo(T0);
    clock.leave();
    sleeper.join();
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
  }

  /** Until the thread waits inside the clock: no wall-clock sleep, only its state. */
  private static void awaitBlocked(Thread thread) {
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aServerThreadSleepingForABlockedCaller_letsTimeMove() throws Exception {
    SteppingClock clock = new SteppingClock(T0);
    // The caller is a participant blocked on the "server", which sleeps on its behalf.
    Thread caller = participant(clock, () -> {
      Thread server = new Thread(() -> sleep(clock, 2_000));
      server.start();
      try {
        server.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    runAll(List.of(caller));

    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void withAResolution_nearbySleepersWakeTogether_lateButNeverEarly() throws Exception {
    SteppingClock clock = new SteppingClock(T0, Duration.ofMillis(100));
    Map<Long, Long> wokeAt = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (long d : new long[] {1_000, 1_050, 1_099, 1_200}) {
      threads.add(participant(clock, () -> {
        sleep(clock, d);
        wokeAt.put(d, clock.millis() - T0.toEpochMilli());
      }));
    }
    runAll(threads);

    assertThat(wokeAt).containsExactlyInAnyOrderEntriesOf(Map.of(1_000L, 1_099L, 1_050L, 1_099L, 1_099L, 1_099L,
        1_200L, 1_200L));
  }

  @Test
  void sleep_ofAFractionOfAMillisecond_wakesNoEarlierThanItsEnd() throws Exception {
    SteppingClock clock = new SteppingClock(T0);
    Instant target = T0.plusNanos(250_000);
    runAll(List.of(participant(clock, () -> {
      try {
        clock.sleep(Duration.between(clock.instant(), target));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    })));

    assertThat(clock.instant()).isAfterOrEqualTo(target).isEqualTo(T0.plusMillis(1));
  }
}
