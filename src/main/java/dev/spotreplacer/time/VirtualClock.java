package dev.spotreplacer.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when someone sleeps on it, shared by the emulator and the code under
 * test so a two-minute replacement runs in milliseconds and the same seed always gives the same
 * timeline.
 */
public final class VirtualClock extends UtcClock implements Sleeper {

  private final AtomicLong epochMillis;

  public VirtualClock(Instant start) {
    this.epochMillis = new AtomicLong(start.toEpochMilli());
  }

  @Override
  public void sleep(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration < 0: " + duration);
    }
    epochMillis.addAndGet(Sleeper.wholeMillis(duration));
  }

  /** Moves time forward without anybody sleeping, as a test's "meanwhile" does. */
  public void advance(Duration duration) {
    sleep(duration);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(epochMillis.get());
  }

  @Override
  public long millis() {
    return epochMillis.get();
  }


}
