package dev.spotreplacer.aws;

import dev.spotreplacer.time.Sleeper;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK retry strategy every EC2 client gets, chosen on purpose.
 *
 * <p>Standard, not adaptive: adaptive's client-side rate limiter learns from the throttling one
 * client sees, but in Lambda each concurrent invocation runs in its own environment with its own
 * client, so in a storm each limiter learns nothing from the others and only adds waits (on the
 * wall clock, which tests cannot replace). Standard mode retries throttling
 * ({@code RequestLimitExceeded}) and 5xx answers with exponential backoff and full jitter, slower
 * for throttling (1 s base) than for faults (100 ms base), and keeps a retry quota so a broken
 * endpoint fails fast. We allow 6 attempts instead of 3: in a storm EC2's buckets refill at 5 to
 * 20 calls a second, and giving up after about 3 s of throttling would turn a slow replacement into
 * a failed one; 6 attempts wait at most about 35 s, well inside the function's budget.
 */
public final class Retries {

  static final int MAX_ATTEMPTS = 6;
  static final Duration BASE_DELAY = Duration.ofMillis(100);
  static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

  private Retries() {}

  /**
   * The strategy; with {@code virtualPause} the backoff waits on that sleeper instead of the SDK's
   * own {@code Thread.sleep} (which cannot be injected), so runs on virtual time stay fast while the
   * delays, jitter and attempt counts stay exactly those of production.
   */
  static RetryStrategy standard(Optional<Sleeper> virtualPause) {
    BackoffStrategy backoff = BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_BACKOFF);
    BackoffStrategy throttled = BackoffStrategy.exponentialDelay(THROTTLED_BASE_DELAY, MAX_BACKOFF);
    if (virtualPause.isPresent()) {
      backoff = pausingOn(virtualPause.get(), backoff);
      throttled = pausingOn(virtualPause.get(), throttled);
    }
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(backoff)
        .throttlingBackoffStrategy(throttled)
        .build();
  }

  /** Waits the computed delay on {@code sleeper} and tells the SDK to wait no more. */
  private static BackoffStrategy pausingOn(Sleeper sleeper, BackoffStrategy delays) {
    return attempt -> {
      try {
        sleeper.sleep(delays.computeDelay(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Duration.ZERO;
    };
  }
}
