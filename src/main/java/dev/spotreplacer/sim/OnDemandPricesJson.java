package dev.spotreplacer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads a scenario's optional {@code onDemandPrices}: absent means prices derived from the pools. */
final class OnDemandPricesJson {

  private static final Set<String> FIELDS = Set.of("region", "instanceType", "operatingSystem", "price");

  private OnDemandPricesJson() {}

  /** The table, or null when the scenario has no {@code onDemandPrices} field. */
  static List<OnDemandPriceSpec> parse(JsonNode root) {
    JsonNode rows = root.get("onDemandPrices");
    if (rows == null || rows.isNull()) {
      return null;
    }
    if (!rows.isArray()) {
      throw new IllegalArgumentException("onDemandPrices must be a JSON array");
    }
    List<OnDemandPriceSpec> specs = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      String path = "onDemandPrices[" + i + "].";
      OnDemandPriceSpec spec = row(rows.get(i), path);
      if (!keys.add(spec.region() + " " + spec.instanceType() + " " + spec.operatingSystem())) {
        throw new IllegalArgumentException(path.substring(0, path.length() - 1) + " repeats " + spec.instanceType()
            + " (" + spec.operatingSystem() + ") in " + spec.region());
      }
      specs.add(spec);
    }
    return specs;
  }

  private static OnDemandPriceSpec row(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(path.substring(0, path.length() - 1) + " must be a JSON object");
    }
    Iterator<String> fields = node.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(path + field + " is not a known field; known fields are "
            + new TreeSet<>(FIELDS));
      }
    }
    JsonNode price = node.get("price");
    if (price == null || price.isNull()) {
      throw new IllegalArgumentException(path + "price is required");
    }
    BigDecimal value;
    try {
      value = price.isNumber() ? price.decimalValue() : new BigDecimal(price.asText());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + "price '" + price.asText() + "' is not a decimal number", e);
    }
    try {
      return new OnDemandPriceSpec(text(node, "region", path), text(node, "instanceType", path),
          node.hasNonNull("operatingSystem") ? text(node, "operatingSystem", path) : null, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(path) ? e.getMessage() : path + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(path + field + " is required");
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(path + field + " must be a string");
    }
    return value.asText();
  }
}
