package dev.spotreplacer.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns EventBridge JSON into a {@link Notice}, or says exactly which field is wrong.
 *
 * <p>Only the envelope fields and {@code detail} are read; {@code resources} is ignored because
 * its ARN format for spot notices is irregular (AWS documents the instance id in detail).
 */
public final class EventParser {

  static final String SOURCE = "aws.ec2";
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d{1,2}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final int MAX_SHOWN = 40;

  public EventParser() {}

  /** Parses raw bytes as delivered to the Lambda or read from an event file. */
  public Notice parse(byte[] json) {
    return parse(read(json));
  }

  /** The raw bytes as a JSON tree; invalid JSON throws {@code InvalidEventException} naming the position. */
  public JsonNode read(byte[] json) {
    try {
      return EventJson.read(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("", "the input is not valid JSON (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
          + "): pass an EventBridge event such as events/spot-interruption-warning.json");
    } catch (IOException e) {
      throw new InvalidEventException("", "the input could not be read: " + e.getMessage());
    }
  }

  /** Validates an already parsed tree. */
  public Notice parse(JsonNode root) {
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new InvalidEventException("", "expected a JSON object (an EventBridge event) but got "
          + describe(root) + ": pass an event such as events/spot-interruption-warning.json");
    }
    String source = text(root, "source");
    String detailType = text(root, "detail-type");
    if (!SOURCE.equals(source)) {
      throw new UnsupportedEventException(source, detailType);
    }
    NoticeKind kind = NoticeKind.ofDetailType(detailType)
        .orElseThrow(() -> new UnsupportedEventException(source, detailType));

    String id = text(root, "id");
    String region = matching(root, "region", REGION, "an AWS region such as us-east-2");
    String account = matching(root, "account", ACCOUNT, "a 12-digit AWS account id");
    Instant time = instant(root, "time");

    JsonNode detail = root.get("detail");
    if (detail == null || !detail.isObject()) {
      throw new InvalidEventException("detail", "detail " + (detail == null ? "is missing" : "must be an object, got " + describe(detail))
          + ": an '" + detailType + "' event carries {\"instance-id\": \"i-...\"} there");
    }
    String instanceId = detailText(detail, "instance-id");
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw new InvalidEventException("detail.instance-id", "detail.instance-id " + quote(instanceId)
          + " is not an EC2 instance id (i- followed by 8 or 17 hex digits, e.g. i-1234567890abcdef0)");
    }
    InstanceAction action = InstanceAction.NONE;
    String state = null;
    if (kind == NoticeKind.INTERRUPTION_WARNING) {
      action = action(detailText(detail, "instance-action"));
    } else if (kind == NoticeKind.STATE_CHANGE) {
      state = detailText(detail, "state");
    }
    return new Notice(kind, id, instanceId, action, region, account, time, state);
  }

  private static InstanceAction action(String value) {
    return switch (value) {
      case "terminate" -> InstanceAction.TERMINATE;
      case "stop" -> InstanceAction.STOP;
      case "hibernate" -> InstanceAction.HIBERNATE;
      default -> throw new InvalidEventException("detail.instance-action", "detail.instance-action "
          + quote(value) + " is not one of terminate, stop, hibernate");
    };
  }

  private static String text(JsonNode node, String field) {
    return requireText(node.get(field), field);
  }

  private static String detailText(JsonNode detail, String field) {
    return requireText(detail.get(field), "detail." + field);
  }

  private static String requireText(JsonNode value, String path) {
    if (value == null || value.isNull()) {
      throw new InvalidEventException(path, path + " is missing: every EventBridge event from EC2 has it");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException(path, path + " must be a non-empty string, got " + describe(value));
    }
    return value.asText();
  }

  private static String matching(JsonNode root, String field, Pattern pattern, String expected) {
    String value = text(root, field);
    if (!pattern.matcher(value).matches()) {
      throw new InvalidEventException(field, field + " " + quote(value) + " is not " + expected);
    }
    return value;
  }

  private static Instant instant(JsonNode root, String field) {
    String value = text(root, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(field, field + " " + quote(value)
          + " is not an ISO-8601 UTC time such as 2026-11-23T10:00:00Z");
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
    return node.isValueNode() ? type + " " + shorten(node.toString()) : type;
  }

  private static String quote(String value) {
    return "'" + shorten(value) + "'";
  }

  private static String shorten(String value) {
    return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
  }
}
