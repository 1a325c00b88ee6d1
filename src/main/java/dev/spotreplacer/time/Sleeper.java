package dev.spotreplacer.time;

import java.time.Duration;

/**
 * Waits for a while; injected so that tests and the emulator can run on virtual time. A sleeper
 * never wakes early: after {@code sleep(d)} its clock has moved on by at least {@code d}, so a loop
 * that sleeps "until the interruption time" gets there even when the last step is a fraction of a
 * millisecond (an event time with microseconds).
 */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** The real thing, for AWS. */
  static Sleeper system() {
    return duration -> Thread.sleep(wholeMillis(duration));
  }

  /**
   * {@code duration} in whole milliseconds, a started one counting as whole: what a millisecond
   * clock must move on by to be no earlier than {@code duration} later. 0.4 ms is 1 ms, never 0.
   */
  static long wholeMillis(Duration duration) {
    long millis = duration.toMillis();
    return duration.minusMillis(millis).isZero() ? millis : millis + 1;
  }
}
