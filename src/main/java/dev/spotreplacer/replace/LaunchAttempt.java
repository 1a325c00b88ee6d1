package dev.spotreplacer.replace;

/** What RequestSpotInstances said about one pool. */
sealed interface LaunchAttempt {

  /** EC2 took the request (or already had it, for a repeated ClientToken). */
  record Requested(String spotRequestId) implements LaunchAttempt {}

  /** DryRun: EC2 checked permissions and parameters and would have launched. */
  record DryRunPassed() implements LaunchAttempt {}

  /** EC2 refused this pool at once (capacity or limits); another pool may do. */
  record PoolRefused(String code, String message) implements LaunchAttempt {}

  /** This ClientToken was used with other parameters: another delivery launched already. */
  record TokenTaken() implements LaunchAttempt {}

  /** The caller may not use RequestSpotInstances (often an organisation's policy): use CreateFleet. */
  record Denied(String code) implements LaunchAttempt {}
}
