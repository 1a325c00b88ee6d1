package dev.spotreplacer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Reads a scenario's {@code throttling}, {@code faults}, {@code deny} and {@code spotServiceLinkedRole}. */
final class ConditionsJson {

  private static final Set<String> FAULTS = Set.of("rate", "slowRate", "slowSeconds", "seed");

  private ConditionsJson() {}

  static Conditions parse(JsonNode root) {
    Conditions d = Conditions.NONE;
    boolean throttling = bool(root.get("throttling"), "throttling", d.throttling());
    boolean role = bool(root.get("spotServiceLinkedRole"), "spotServiceLinkedRole", d.spotServiceLinkedRole());
    double rate = d.faultRate();
    double slowRate = d.slowRate();
    Duration slowBy = d.slowBy();
    long seed = d.faultSeed();
    JsonNode faults = root.get("faults");
    if (faults != null && !faults.isNull()) {
      if (!faults.isObject()) {
        throw new IllegalArgumentException("faults must be a JSON object such as {\"rate\": 0.05, \"seed\": 1}");
      }
      Iterator<String> names = faults.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!FAULTS.contains(name)) {
          throw new IllegalArgumentException("faults." + name + " is not a known field; known fields are "
              + new TreeSet<>(FAULTS));
        }
      }
      rate = number(faults.get("rate"), "faults.rate", rate);
      slowRate = number(faults.get("slowRate"), "faults.slowRate", slowRate);
      slowBy = Duration.ofMillis(Math.round(number(faults.get("slowSeconds"), "faults.slowSeconds",
          slowBy.toMillis() / 1000.0) * 1000));
      JsonNode seedNode = faults.get("seed");
      if (seedNode != null && !seedNode.isNull()) {
        if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
          throw new IllegalArgumentException("faults.seed must be a whole number");
        }
        seed = seedNode.asLong();
      }
    }
    Set<String> deny = new TreeSet<>();
    JsonNode denyNode = root.get("deny");
    if (denyNode != null && !denyNode.isNull()) {
      if (!denyNode.isArray()) {
        throw new IllegalArgumentException("deny must be a JSON array of EC2 action names");
      }
      for (int i = 0; i < denyNode.size(); i++) {
        JsonNode action = denyNode.get(i);
        if (!action.isTextual() || !action.asText().matches("[A-Z][A-Za-z]+")) {
          throw new IllegalArgumentException("deny[" + i + "] must be an EC2 action name such as RequestSpotInstances");
        }
        deny.add(action.asText());
      }
    }
    return new Conditions(throttling, rate, slowRate, slowBy, seed, deny, role);
  }

  private static boolean bool(JsonNode value, String field, boolean fallback) {
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return value.asBoolean();
  }

  private static double number(JsonNode value, String field, double fallback) {
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return value.asDouble();
  }
}
