package dev.spotreplacer.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts EC2 calls per action for one invocation; safe to share with the threads it spawns. */
public final class ApiCalls {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void record(String action) {
    counts.computeIfAbsent(action, a -> new LongAdder()).increment();
  }

  /** A sorted copy, for the result. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((action, n) -> copy.put(action, n.sum()));
    return copy;
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
