package dev.spotreplacer.sim;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * EC2's request rate limiting: a token bucket per action (and, for Describe calls, per "filtered or
 * paginated" vs "unfiltered" category), refilled continuously on the emulator's clock. Sizes and
 * refill rates are EC2's published defaults.
 */
final class Throttle {

  /** A bucket's size and refill per second. */
  record Limit(int size, int refillPerSecond) {}

  static final Limit SPOT_MUTATING = new Limit(50, 5);
  static final Limit UNFILTERED_DESCRIBE = new Limit(50, 10);
  static final Limit FILTERED_DESCRIBE = new Limit(100, 20);
  static final Limit CREATE_TAGS = new Limit(100, 10);
  static final Limit RUN_INSTANCES = new Limit(5, 2);
  static final Limit OTHER_MUTATING = new Limit(50, 5);

  private static final Set<String> SPOT_ACTIONS = Set.of("RequestSpotInstances", "CancelSpotInstanceRequests");

  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  Throttle(Clock clock) {
    this.clock = clock;
  }

  /** Takes a token for the call; false when the bucket is empty (the call is throttled). */
  synchronized boolean admit(String action, Map<String, String> params) {
    Limit limit = limit(action, params);
    String key = action + "/" + limit;
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit, clock.millis()));
    return bucket.take(clock.millis());
  }

  static Limit limit(String action, Map<String, String> params) {
    if (SPOT_ACTIONS.contains(action)) {
      return SPOT_MUTATING;
    }
    if (action.equals("CreateTags")) {
      return CREATE_TAGS;
    }
    if (action.equals("RunInstances")) {
      return RUN_INSTANCES;
    }
    if (!CallLog.isReadOnly(action)) {
      return OTHER_MUTATING;
    }
    if (action.equals("DescribeSpotPriceHistory") || filteredOrPaginated(params)) {
      return FILTERED_DESCRIBE;
    }
    // Ids alone do not count as a filter: the stricter reading, so storms are not flattered.
    return UNFILTERED_DESCRIBE;
  }

  private static boolean filteredOrPaginated(Map<String, String> params) {
    return params.keySet().stream().anyMatch(k -> k.startsWith("Filter.") || k.equals("MaxResults")
        || k.equals("NextToken"));
  }

  /** Tokens as a fraction so that refills between whole seconds are not lost. */
  private static final class Bucket {
    private final Limit limit;
    private double tokens;
    private long lastMillis;

    Bucket(Limit limit, long nowMillis) {
      this.limit = limit;
      this.tokens = limit.size();
      this.lastMillis = nowMillis;
    }

    boolean take(long nowMillis) {
      if (nowMillis > lastMillis) {
        tokens = Math.min(limit.size(), tokens + (nowMillis - lastMillis) * limit.refillPerSecond() / 1000.0);
        lastMillis = nowMillis;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
