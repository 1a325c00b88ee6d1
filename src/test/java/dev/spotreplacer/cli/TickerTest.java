package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {

  @Test
  void printsTheStatusWithElapsedTime_untilClosed() throws Exception {
    StringWriter err = new StringWriter();
    AtomicInteger done = new AtomicInteger();

    try (Ticker ticker = Ticker.start(new Notes(new PrintWriter(err, true), false), Duration.ofMillis(20),
        () -> "storm: " + done.incrementAndGet() + " done")) {
      while (done.get() < 3) {
        Thread.sleep(5);
      }
    }
    int printed = err.toString().lines().toList().size();
    Thread.sleep(60);

    assertThat(err.toString().lines().findFirst().orElseThrow()).matches("\\[\\s+\\d+\\.\\ds\\] storm: 1 done");
    assertThat(err.toString().lines().toList()).hasSize(printed);
  }

  @Test
  void quietNotes_printNothing() throws Exception {
    StringWriter err = new StringWriter();

    try (Ticker ticker = Ticker.start(new Notes(new PrintWriter(err, true), true), Duration.ofMillis(5), () -> "x")) {
      Thread.sleep(40);
    }

    assertThat(err.toString()).isEmpty();
  }
}
