package dev.spotreplacer.manual;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.event.InvalidEventException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the hand-written events (source {@value #SOURCE}) that run a {@link ManualTask} in the
 * function; errors name the field as {@code detail.<name>}, like the EC2 events' parser.
 */
public final class ManualEventParser {

  public static final String SOURCE = "spot-replacer.manual";
  static final List<String> DETAIL_TYPES =
      List.of("Price Spot Pools", "Launch Spot Instance", "List Spot Requests", "Cancel Spot Request");

  /** Empty when the event is not a manual one (another source); a manual event with a bad field throws. */
  public Optional<ManualTask> parse(JsonNode root) {
    if (root == null || !root.isObject() || !SOURCE.equals(root.path("source").asText(null))) {
      return Optional.empty();
    }
    String type = root.path("detail-type").asText("");
    if (!DETAIL_TYPES.contains(type)) {
      throw new InvalidEventException("detail-type", "detail-type '" + type + "' is not one of "
          + String.join(", ", DETAIL_TYPES) + " (see events/manual-*.json)");
    }
    JsonNode detail = root.path("detail");
    if (!detail.isObject()) {
      throw new InvalidEventException("detail", "detail must be an object (see events/manual-*.json)");
    }
    try {
      return Optional.of(switch (type) {
        case "Price Spot Pools" -> new ManualTask.Prices(strings(detail, "instance-types"), text(detail, "product"));
        case "Launch Spot Instance" -> new ManualTask.Launch(text(detail, "ami"), text(detail, "instance-type"),
            text(detail, "key-name"), strings(detail, "security-group-ids"), text(detail, "subnet-id"),
            price(detail), bool(detail, "dry-run"));
        case "List Spot Requests" -> new ManualTask.Requests();
        default -> cancel(detail);
      });
    } catch (InvalidEventException e) {
      throw new InvalidEventException("detail." + e.field(), "detail." + e.getMessage());
    }
  }

  private static ManualTask.Cancel cancel(JsonNode detail) {
    ManualTask.Cancel cancel = new ManualTask.Cancel(text(detail, "request-id"), bool(detail, "terminate"));
    if (cancel.terminate()) {
      // The function's policy has no ec2:TerminateInstances on purpose: it never ends an instance.
      throw new InvalidEventException("terminate", "terminate cannot be true in an event: the function may not"
          + " terminate instances; cancel here, then run 'cancel --spot-instance-request-ids " + cancel.spotRequestId()
          + " --terminate' with your own credentials");
    }
    return cancel;
  }

  private static String text(JsonNode detail, String field) {
    JsonNode value = detail.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidEventException(field, field + " must be a string, got " + value.getNodeType().name().toLowerCase());
    }
    return value.asText();
  }

  private static List<String> strings(JsonNode detail, String field) {
    JsonNode value = detail.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new InvalidEventException(field, field + " must be an array of strings, e.g. [\"m5.large\"]");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new InvalidEventException(field, field + " must be an array of strings, e.g. [\"m5.large\"]");
      }
      items.add(item.asText());
    }
    return items;
  }

  private static boolean bool(JsonNode detail, String field) {
    JsonNode value = detail.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidEventException(field, field + " must be true or false");
    }
    return value.asBoolean();
  }

  private static BigDecimal price(JsonNode detail) {
    String raw = text(detail, "max-price");
    if (raw == null) {
      return null;
    }
    try {
      return new BigDecimal(raw);
    } catch (NumberFormatException e) {
      throw new InvalidEventException("max-price", "max-price '" + raw + "' is not a USD hourly price such as \"0.05\"");
    }
  }
}
