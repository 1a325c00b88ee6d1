package dev.spotreplacer.sim;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An EventBridge rule on the emulated account's default bus, as ListRules and ListTargetsByRule
 * report it.
 *
 * @param name the rule's name
 * @param eventPattern the pattern as the JSON text EventBridge stores
 * @param state ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * @param targets the targets' ARNs
 */
public record RuleSpec(String name, String eventPattern, String state, List<String> targets) {

  private static final Set<String> STATES = Set.of("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");

  /** The pattern template.yaml gives the function's SpotInterruptionWarning event. */
  public static final String SPOT_WARNING_PATTERN =
      "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}";

  public RuleSpec {
    Scenario.requireText(name, "name");
    if (!name.matches("[.\\-_A-Za-z0-9]{1,64}")) {
      throw new IllegalArgumentException("name '" + name + "' must be 1 to 64 letters, digits, '.', '-' or '_'");
    }
    Scenario.requireText(eventPattern, "eventPattern");
    state = state == null ? "ENABLED" : state;
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("state '" + state + "' must be one of " + STATES.stream().sorted().toList());
    }
    targets = List.copyOf(Objects.requireNonNull(targets, "targets == null"));
  }

  /**
   * What {@code sam deploy} of template.yaml leaves in {@code region}: the warning rule, on, targeting
   * the function's {@code live} alias (AutoPublishAlias makes SAM point event sources at the alias).
   */
  public static List<RuleSpec> defaultsFor(String region) {
    return List.of(new RuleSpec("spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123", SPOT_WARNING_PATTERN,
        "ENABLED", List.of("arn:aws:lambda:" + region + ":" + Market.ACCOUNT_ID
            + ":function:spot-replacer-ReplacerFunction-XYZ:live")));
  }
}
