package dev.spotreplacer.time;

import java.time.Duration;

/** Waits for a while; injected so that tests and the emulator can run on virtual time. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** The real thing, for AWS. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
