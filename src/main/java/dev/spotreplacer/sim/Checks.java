package dev.spotreplacer.sim;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Parameter checks shared by the action handlers, with EC2's error codes and wording. */
final class Checks {

  static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
  static final Pattern SPOT_REQUEST_ID = Pattern.compile("sir-[0-9a-z]{8}");
  static final int MAX_TAGS = 50;

  private Checks() {}

  /** Called after a handler has validated its parameters, before it changes or reads anything. */
  static void dryRun(Boolean dryRun) {
    if (Boolean.TRUE.equals(dryRun)) {
      throw Ec2Fault.dryRun();
    }
  }

  /** The ids in request order without repeats; an empty or absent list is a MissingParameter. */
  static List<String> required(List<String> ids, String parameter) {
    if (ids == null || ids.isEmpty()) {
      throw Ec2Fault.missing(parameter);
    }
    return distinct(ids);
  }

  static List<String> distinct(List<String> ids) {
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  static void instanceIdFormat(String id) {
    if (id == null || !INSTANCE_ID.matcher(id).matches()) {
      throw Ec2Fault.malformed("InvalidInstanceID.Malformed", String.valueOf(id), "i-xxxxxxxxxxxxxxxxx");
    }
  }

  static void spotRequestIdFormat(String id) {
    if (id == null || !SPOT_REQUEST_ID.matcher(id).matches()) {
      throw Ec2Fault.malformed("InvalidSpotInstanceRequestID.Malformed", String.valueOf(id), "sir-xxxxxxxx");
    }
  }

  /** Tag keys and values within EC2's limits; aws: keys are reserved. */
  static void tags(List<Tag> tags, String parameter) {
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      String field = parameter + "." + (i + 1);
      if (tag.key() == null || tag.key().isEmpty()) {
        throw Ec2Fault.missing(field + ".Key");
      }
      if (tag.key().length() > 128) {
        throw Ec2Fault.invalid(field + ".Key", tag.key(), "Tag keys are at most 128 characters long.");
      }
      if (tag.key().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        throw new Ec2Fault("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
      }
      if (tag.value() != null && tag.value().length() > 256) {
        throw Ec2Fault.invalid(field + ".Value", tag.value(), "Tag values are at most 256 characters long.");
      }
    }
  }

  static void tagLimit(Map<String, String> existing, List<Tag> added) {
    long newKeys = added.stream().map(Tag::key).distinct().filter(key -> !existing.containsKey(key)).count();
    if (existing.size() + newKeys > MAX_TAGS) {
      throw new Ec2Fault("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
    }
  }
}
