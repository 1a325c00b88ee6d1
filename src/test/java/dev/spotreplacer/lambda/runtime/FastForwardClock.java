package dev.spotreplacer.lambda.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock for a function in another process, which sleeps on the wall clock: time
 * runs {@code speed} times faster than the wall's, so a 40-second boot takes two seconds.
 */
final class FastForwardClock extends Clock {

  private final Instant start;
  private final long startNanos = System.nanoTime();
  private final int speed;

  FastForwardClock(Instant start, int speed) {
    this.start = start;
    this.speed = speed;
  }

  @Override
  public Instant instant() {
    return start.plusNanos((System.nanoTime() - startNanos) * speed);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
