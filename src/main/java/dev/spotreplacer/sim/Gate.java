package dev.spotreplacer.sim;

import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What stands between a call and the market: the caller's permissions, EC2's throttling, and
 * injected faults and slowness. Faults come in two kinds, chosen by the seeded generator: before
 * the action runs (nothing happened) and after it (it happened, the answer was lost), because only
 * the second kind tests that retries are idempotent.
 */
final class Gate {

  /** What happens to the call after the action ran. */
  enum After { ANSWER, LOSE_ANSWER }

  private final Conditions conditions;
  private final Throttle throttle;
  private final Sleeper slowness;
  private final SplittableRandom random;
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private final AtomicLong slow = new AtomicLong();
  private final Map<String, Integer> forcedThrottles = new HashMap<>();
  private final Map<String, Long> throttledByAction = new java.util.concurrent.ConcurrentHashMap<>();

  Gate(Conditions conditions, Clock clock, Sleeper slowness) {
    this.conditions = conditions;
    this.throttle = new Throttle(clock);
    this.slowness = slowness;
    this.random = new SplittableRandom(conditions.faultSeed());
  }

  /** Throws the fault EC2 would answer before running the action; may first delay the answer. */
  After admit(String action, Map<String, String> params) {
    if (conditions.deny().contains(action)) {
      throw new Ec2Fault("UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:sts::"
          + Market.ACCOUNT_ID + ":assumed-role/spot-replacer/session is not authorized to perform: ec2:" + action
          + " because no identity-based policy allows the ec2:" + action + " action", 403);
    }
    if (action.equals("RequestSpotInstances") && !conditions.spotServiceLinkedRole()
        && !"true".equalsIgnoreCase(params.get("DryRun"))) {
      throw new Ec2Fault("AuthFailure.ServiceLinkedRoleCreationNotPermitted",
          "The provided credentials do not have permission to create the service-linked role for EC2 Spot"
              + " Instances.", 403);
    }
    if (forced(action) || (conditions.throttling() && !throttle.admit(action, params))) {
      throttled.incrementAndGet();
      throttledByAction.merge(action, 1L, Long::sum);
      throw new Ec2Fault("RequestLimitExceeded", "Request limit exceeded.", 503);
    }
    double draw;
    boolean before;
    boolean unavailable;
    synchronized (random) {
      draw = random.nextDouble();
      before = random.nextBoolean();
      unavailable = random.nextBoolean();
    }
    if (draw < conditions.faultRate()) {
      faults.incrementAndGet();
      if (before) {
        throw serverFault(unavailable);
      }
      return After.LOSE_ANSWER;
    }
    if (draw < conditions.faultRate() + conditions.slowRate()) {
      slow.incrementAndGet();
      try {
        slowness.sleep(conditions.slowBy());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return After.ANSWER;
  }

  /** The next {@code times} calls of {@code action} are throttled whatever the buckets hold. */
  synchronized void throttleNext(String action, int times) {
    forcedThrottles.put(action, times);
  }

  private synchronized boolean forced(String action) {
    Integer left = forcedThrottles.get(action);
    if (left == null || left <= 0) {
      return false;
    }
    forcedThrottles.put(action, left - 1);
    return true;
  }

  Ec2Fault lostAnswer() {
    return serverFault(false);
  }

  private static Ec2Fault serverFault(boolean unavailable) {
    return unavailable
        ? new Ec2Fault("Unavailable", "The server is overloaded and can't handle the request.", 503)
        : new Ec2Fault("InternalError", "An internal error has occurred.", 500);
  }

  long throttled() {
    return throttled.get();
  }

  Map<String, Long> throttledByAction() {
    return new java.util.TreeMap<>(throttledByAction);
  }

  long faults() {
    return faults.get();
  }

  long slow() {
    return slow.get();
  }
}
