package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every Action received, in arrival order, so tests can assert on the API traffic. */
final class CallLog {

  private final List<String> actions = new ArrayList<>();
  private final Map<String, Long> counts = new TreeMap<>();
  private long mutating;

  synchronized void record(String action, boolean dryRun) {
    actions.add(action);
    counts.merge(action, 1L, Long::sum);
    if (!dryRun && !isReadOnly(action)) {
      mutating++;
    }
  }

  static boolean isReadOnly(String action) {
    return action.startsWith("Describe") || action.startsWith("Get");
  }

  synchronized List<String> actions() {
    return List.copyOf(actions);
  }

  synchronized Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  synchronized long mutating() {
    return mutating;
  }
}
