package dev.spotreplacer.cli;

import dev.spotreplacer.replace.TagKeys;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.SimInstance;
import dev.spotreplacer.sim.SimSpotRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the emulator holds at the end of a storm, per interrupted instance: counted from its
 * instances and spot requests, not from what the handler reported.
 *
 * @param duplicates instances launched for an interruption beyond the first, even if terminated since
 * @param lost interrupted instances with no running replacement
 * @param untagged running replacements found only through their request's tag
 */
record StormCensus(int duplicates, int lost, int untagged) {

  private static final String REPLACES = TagKeys.REPLACES;

  static StormCensus of(Ec2Emulator emulator, List<String> interrupted) {
    Map<String, String> replacesByRequest = new HashMap<>();
    for (SimSpotRequest request : emulator.spotRequests()) {
      String replaces = request.tags().get(REPLACES);
      if (replaces != null) {
        replacesByRequest.put(request.spotInstanceRequestId(), replaces);
      }
    }
    Map<String, Set<String>> launched = new HashMap<>();
    Set<String> running = new HashSet<>();
    int untagged = 0;
    for (SimInstance instance : emulator.instances()) {
      String byTag = instance.tags().get(REPLACES);
      String byRequest = instance.spotInstanceRequestId() == null ? null
          : replacesByRequest.get(instance.spotInstanceRequestId());
      String replaces = byTag != null ? byTag : byRequest;
      if (replaces == null) {
        continue;
      }
      launched.computeIfAbsent(replaces, k -> new HashSet<>()).add(instance.instanceId());
      if ("running".equals(instance.state())) {
        running.add(replaces);
        if (byTag == null) {
          untagged++;
        }
      }
    }
    int duplicates = launched.values().stream().mapToInt(s -> s.size() - 1).sum();
    int lost = (int) interrupted.stream().filter(id -> !running.contains(id)).count();
    return new StormCensus(duplicates, lost, untagged);
  }
}
