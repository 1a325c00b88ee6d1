package dev.spotreplacer.cli;

import dev.spotreplacer.time.Sleeper;
import java.util.function.LongSupplier;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A live line for a long command: every period, on the wall clock, the elapsed time and what
 * {@code status} says (counts so far). Lines, not a redrawn bar, so that logs and pipes read it.
 */
final class Ticker implements AutoCloseable {

  private final Thread thread;

  private Ticker(Thread thread) {
    this.thread = thread;
  }

  /** Starts ticking unless {@code notes} are quiet; close() stops it. */
  static Ticker start(Notes notes, Duration period, Supplier<String> status) {
    return start(notes, period, status, Sleeper.system(), System::nanoTime);
  }

  /** As above, waiting on {@code sleeper} and timing with {@code nanoTime} (tests pass their own). */
  static Ticker start(Notes notes, Duration period, Supplier<String> status, Sleeper sleeper, LongSupplier nanoTime) {
    long start = nanoTime.getAsLong();
    Thread thread = new Thread(() -> {
      try {
        while (true) {
          sleeper.sleep(period);
          notes.say("[" + InvokeCommand.elapsed((nanoTime.getAsLong() - start) / 1_000_000) + "s] " + status.get());
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }, "spot-replacer-ticker");
    thread.setDaemon(true);
    if (!notes.quiet()) {
      thread.start();
    }
    return new Ticker(thread);
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
