package dev.spotreplacer.replace;

import java.time.Instant;
import java.util.List;

/**
 * One way of launching the replacement: a one-time spot request (the default), RunInstances with
 * spot market options, CreateFleet, or on-demand RunInstances. The orchestrator tries them in the
 * order {@link LaunchOrder} takes from the settings and the original.
 */
sealed interface LaunchStrategy
    permits SpotRequestStrategy, RunInstancesStrategy, FleetStrategy, OnDemandStrategy {

  /** What this strategy reports as {@code launchStrategy} in results. */
  String wireName();

  /** Launches over the pools, cheapest first where the strategy chooses; {@link End} says how it went. */
  End launch(Attempt attempt) throws InterruptedException;

  /**
   * What a strategy is given.
   *
   * @param pools the priced candidate pools, cheapest first (empty for on-demand)
   * @param why why this strategy and not the default, for the result and the log; null for the default
   */
  record Attempt(Original original, List<PricedPool> pools, PriceCap cap, Instant deadline, Run run, String why) {}

  /** How a strategy ended. */
  sealed interface End {

    /**
     * An instance was launched: it is the replacement once linked and running.
     *
     * @param tagged whether it carries our link tag already (tagged at launch)
     * @param whenRunning the reason the result gives once it runs
     * @param messageWhenRunning the result's message once it runs
     */
    record Launched(String instanceId, boolean tagged, Reason whenRunning, String messageWhenRunning)
        implements End {}

    /** The run ends here with this result (a dry run, a request still open, a failure for good, ...). */
    record Ended(Result result) implements End {}

    /** No pool would take it; the next strategy may. {@code lastRefusal} is EC2's last code, if any. */
    record NoPool(String lastRefusal) implements End {}
  }

  /** An instance that replaces {@code original} once running, with the default result. */
  static End.Launched launched(String instanceId, boolean tagged, Original original) {
    return new End.Launched(instanceId, tagged, Reason.Code.RUNNING, instanceId + " replaces " + original.instanceId());
  }
}
