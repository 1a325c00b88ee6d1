package dev.spotreplacer.replace;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Polling delays that grow exponentially with "equal jitter" (half fixed, half random), so a storm
 * of interruptions does not poll EC2 in lockstep and trip its Describe throttles together.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int attempt;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  static Backoff polling(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), random);
  }

  /**
   * For a fresh instance: it takes tens of seconds to leave pending, and it boots whether or not
   * we watch, so polling it often only spends the DescribeInstances budget (20 calls a second per
   * account) that a storm of replacements shares; seeing "running" a little later costs nothing.
   */
  static Backoff booting(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(8), Duration.ofSeconds(30), random);
  }

  /** Between whole runs of a replacement that EC2 throttled or failed past the SDK's own retries. */
  static Backoff patience(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(32), random);
  }

  Duration next() {
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
    attempt++;
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(half + 1));
  }
}
