package dev.spotreplacer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a scenario's optional {@code rules}: absent means the rule SAM deploys ({@link RuleSpec#defaultsFor}). */
final class RulesJson {

  private static final Set<String> RULE = Set.of("name", "eventPattern", "state", "targets");

  private RulesJson() {}

  /** The rules, or null when the scenario has no {@code rules} field. */
  static List<RuleSpec> parse(JsonNode root) {
    JsonNode rules = root.get("rules");
    if (rules == null || rules.isNull()) {
      return null;
    }
    if (!rules.isArray()) {
      throw new IllegalArgumentException("rules must be a JSON array");
    }
    List<RuleSpec> specs = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < rules.size(); i++) {
      String path = "rules[" + i + "].";
      RuleSpec spec = rule(rules.get(i), path);
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException(path + "name '" + spec.name() + "' is a duplicate");
      }
      specs.add(spec);
    }
    return specs;
  }

  private static RuleSpec rule(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path.substring(0, path.length() - 1) + " must be a JSON object");
    }
    Iterator<String> fields = node.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!RULE.contains(field)) {
        throw new IllegalArgumentException(path + field + " is not a known field; known fields are "
            + new TreeSet<>(RULE));
      }
    }
    String name = text(node.get("name"), path + "name");
    JsonNode pattern = node.get("eventPattern");
    String eventPattern;
    if (pattern == null || pattern.isNull()) {
      throw new IllegalArgumentException(path + "eventPattern is required");
    } else if (pattern.isObject()) {
      // EventBridge stores and returns the pattern as JSON text; an object is written back as such.
      eventPattern = pattern.toString();
    } else if (pattern.isTextual()) {
      eventPattern = pattern.asText();
    } else {
      throw new IllegalArgumentException(path + "eventPattern must be a JSON object or a string holding one");
    }
    String state = node.hasNonNull("state") ? text(node.get("state"), path + "state") : null;
    List<String> targets = new ArrayList<>();
    JsonNode targetNodes = node.get("targets");
    if (targetNodes != null && !targetNodes.isNull()) {
      if (!targetNodes.isArray()) {
        throw new IllegalArgumentException(path + "targets must be a JSON array of ARNs");
      }
      for (int t = 0; t < targetNodes.size(); t++) {
        targets.add(text(targetNodes.get(t), path + "targets[" + t + "]"));
      }
    }
    try {
      return new RuleSpec(name, eventPattern, state, targets);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + e.getMessage(), e);
    }
  }

  private static String text(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }
}
