package dev.spotreplacer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The figures of one storm. Outcomes count delivery chains (a delivery plus Lambda's retries);
 * {@code duplicateReplacements}, {@code lost} and {@code throttled} come from the emulator's own
 * state and counters, not from what the handler reported.
 *
 * @param events deliveries made by the harness: one per instance plus the duplicates
 * @param replaced distinct instances for which some chain ended {@code replaced}
 * @param duplicateReplacements replacement instances beyond the first for the same interrupted instance
 * @param lost interrupted opted-in instances without a running replacement at the end
 * @param redeliveries retries of failed invocations, as Lambda makes them (at most 2 per chain)
 * @param skipReasons how many chains ended skipped, by reason (a duplicate finding the replacement is
 *     expected; an original terminated before its plan was captured is not)
 */
@JsonPropertyOrder({"events", "distinctInstances", "duplicates", "invocations", "redeliveries", "replaced",
    "skipped", "failed", "pending", "duplicateReplacements", "lost", "untaggedReplacements", "throttled",
    "throttledByAction", "injectedFaults", "slowAnswers", "apiCalls", "timeToRequestP50Ms", "timeToRequestP95Ms",
    "timeToRunningP50Ms", "timeToRunningP95Ms", "virtualDurationMs", "failureReasons", "skipReasons", "seed"})
public record StormReport(
    int events,
    int distinctInstances,
    int duplicates,
    int invocations,
    int redeliveries,
    int replaced,
    int skipped,
    int failed,
    int pending,
    int duplicateReplacements,
    int lost,
    int untaggedReplacements,
    long throttled,
    java.util.Map<String, Long> throttledByAction,
    long injectedFaults,
    long slowAnswers,
    long apiCalls,
    long timeToRequestP50Ms,
    long timeToRequestP95Ms,
    long timeToRunningP50Ms,
    long timeToRunningP95Ms,
    long virtualDurationMs,
    List<String> failureReasons,
    java.util.Map<String, Integer> skipReasons,
    long seed) {

  public StormReport {
    failureReasons = List.copyOf(failureReasons);
    skipReasons = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(skipReasons));
    throttledByAction = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(throttledByAction));
  }

  /** Nearest-rank percentile of {@code sorted}; 0 when empty. */
  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }
}
