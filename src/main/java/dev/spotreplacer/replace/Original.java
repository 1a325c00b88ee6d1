package dev.spotreplacer.replace;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The interrupted instance as EC2 describes it.
 *
 * @param lifecycle "spot", "scheduled", "capacity-block" or "on-demand" (EC2 omits it for on-demand)
 * @param spotRequestId the spot request that launched it, if any
 * @param platform EC2's PlatformDetails, such as "Linux/UNIX"
 * @param tags every tag, {@code aws:} ones included (they tell who manages the instance)
 */
public record Original(
    String instanceId,
    String state,
    String lifecycle,
    String spotRequestId,
    String platform,
    LaunchSpec spec,
    Map<String, String> tags) {

  static final String AWS_TAG_PREFIX = "aws:";

  public Original {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(spec, "spec == null");
    tags = Map.copyOf(tags);
  }

  /**
   * Tags a user may copy: EC2 refuses {@code aws:} keys in CreateTags, and a handover plan
   * ({@code spot-replacer:carry-*}) belongs to the replacement it was made for, not to the next one.
   */
  public Map<String, String> copyableTags() {
    return tags.entrySet().stream()
        .filter(e -> !e.getKey().startsWith(AWS_TAG_PREFIX))
        .filter(e -> !e.getKey().startsWith(TagKeys.CARRY_PREFIX))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** Tag values are left out: keys such as "db-password" hold secrets more often than one hopes. */
  @Override
  public String toString() {
    return "Original[instanceId=" + instanceId + ", state=" + state + ", lifecycle=" + lifecycle
        + ", spotRequestId=" + spotRequestId + ", platform=" + platform + ", spec=" + spec
        + ", tagKeys=" + new TreeMap<>(tags).keySet() + "]";
  }
}
