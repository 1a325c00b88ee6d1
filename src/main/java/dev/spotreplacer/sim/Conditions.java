package dev.spotreplacer.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How hostile the emulated EC2 is: its request throttling, injected server faults and slow answers
 * (seeded, so a run can be repeated), actions the caller's policy denies, and whether the account
 * lacks the spot service-linked role.
 *
 * @param throttling enforce EC2's token buckets per action and answer {@code RequestLimitExceeded}
 * @param faultRate share of calls answered with a 5xx ({@code InternalError} or {@code Unavailable})
 * @param slowRate share of calls answered only after {@code slowBy}
 * @param slowBy how late a slow answer comes, on the emulator's clock
 * @param faultSeed seeds the choice of faulty and slow calls
 * @param deny actions answered with {@code UnauthorizedOperation}, as an IAM policy without them would
 * @param spotServiceLinkedRole false: spot requests fail as in an account without
 *     {@code AWSServiceRoleForEC2Spot} whose caller may not create it
 */
public record Conditions(
    boolean throttling,
    double faultRate,
    double slowRate,
    Duration slowBy,
    long faultSeed,
    Set<String> deny,
    boolean spotServiceLinkedRole) {

  /** A well-behaved EC2: no throttling, no faults, everything allowed. */
  public static final Conditions NONE =
      new Conditions(false, 0, 0, Duration.ofSeconds(2), 1, Set.of(), true);

  public Conditions {
    rate(faultRate, "faults.rate");
    rate(slowRate, "faults.slowRate");
    if (faultRate + slowRate > 1) {
      throw new IllegalArgumentException("faults.rate + faults.slowRate must be <= 1");
    }
    Objects.requireNonNull(slowBy, "slowBy == null");
    if (slowBy.isNegative()) {
      throw new IllegalArgumentException("faults.slowSeconds must be >= 0");
    }
    deny = Set.copyOf(new TreeSet<>(Objects.requireNonNull(deny, "deny == null")));
  }

  public Conditions withThrottling(boolean on) {
    return new Conditions(on, faultRate, slowRate, slowBy, faultSeed, deny, spotServiceLinkedRole);
  }

  public Conditions withFaults(double rate, double slow, long seed) {
    return new Conditions(throttling, rate, slow, slowBy, seed, deny, spotServiceLinkedRole);
  }

  public Conditions withDeny(Set<String> actions) {
    return new Conditions(throttling, faultRate, slowRate, slowBy, faultSeed, actions, spotServiceLinkedRole);
  }

  public Conditions withSpotServiceLinkedRole(boolean present) {
    return new Conditions(throttling, faultRate, slowRate, slowBy, faultSeed, deny, present);
  }

  private static void rate(double value, String field) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " " + value + " must be between 0 and 1");
    }
  }
}
