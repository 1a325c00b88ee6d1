package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.time.Sleeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live line: one per period, with the time elapsed and the status, and none once closed or when quiet. */
class TickerTest {

  @Test
  void printsTheStatusWithElapsedTime_onePerPeriod_untilClosed() throws Exception {
    StringWriter err = new StringWriter();
    AtomicInteger done = new AtomicInteger();
    AtomicLong nanos = new AtomicLong();
    SynchronousQueue<Duration> periods = new SynchronousQueue<>();
    SynchronousQueue<Boolean> resume = new SynchronousQueue<>();
    // Each sleep hands its period to the test and waits until the test ends it: a sleep that has
    // begun means the line before it was written.
    Sleeper handing = period -> {
      periods.put(period);
      resume.take();
    };

    try (Ticker ticker = Ticker.start(new Notes(new PrintWriter(err, true), false), Duration.ofSeconds(5),
        () -> "storm: " + done.incrementAndGet() + " done", handing, nanos::get)) {
      for (int tick = 1; tick <= 2; tick++) {
        assertThat(periods.poll(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(5));
        nanos.addAndGet(Duration.ofMillis(5_040).toNanos());
        resume.put(true);
      }
      assertThat(periods.poll(10, TimeUnit.SECONDS)).as("the third period began").isNotNull();
    }

    assertThat(err.toString().lines().toList()).containsExactly("[   5.0s] storm: 1 done", "[  10.1s] storm: 2 done");
    assertThat(done).hasValue(2);
  }

  @Test
  void quietNotes_startNoTicker_andPrintNothing() throws Exception {
    StringWriter err = new StringWriter();
    AtomicInteger asked = new AtomicInteger();

    try (Ticker ticker = Ticker.start(new Notes(new PrintWriter(err, true), true), Duration.ofSeconds(5),
        () -> "x" + asked.incrementAndGet(), period -> { }, System::nanoTime)) {
      assertThat(ticker).isNotNull();
    }

    assertThat(err.toString()).isEmpty();
    assertThat(asked).hasValue(0);
  }
}
