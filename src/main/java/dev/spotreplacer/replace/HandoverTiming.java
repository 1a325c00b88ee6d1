package dev.spotreplacer.replace;

import java.util.Arrays;
import java.util.Locale;

/**
 * When the Elastic IP leaves the interrupted instance for its replacement (ELASTIC_IP_HANDOVER).
 * Moving it as soon as the replacement runs would cut the old instance off while it still serves
 * and point clients at a machine that is still booting.
 */
public enum HandoverTiming {
  /** When the old instance stops serving: shutting down or terminated, or the interruption time reached. */
  OLD_INSTANCE_STOPPED("the old instance stops serving (terminated, or the interruption time reached)"),
  /** When the replacement passes both EC2 status checks (DescribeInstanceStatus). */
  REPLACEMENT_READY("the replacement passes its status checks");

  private final String condition;

  HandoverTiming(String condition) {
    this.condition = condition;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What the address waits for, for messages. */
  String condition() {
    return condition;
  }

  /** Reads ELASTIC_IP_HANDOVER; the error names the setting and the values. */
  static HandoverTiming parse(String raw) {
    String value = raw == null || raw.isBlank() ? OLD_INSTANCE_STOPPED.wireName() : raw.trim();
    return Arrays.stream(values()).filter(t -> t.wireName().equalsIgnoreCase(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("ELASTIC_IP_HANDOVER: '" + value
            + "' must be old-instance-stopped or replacement-ready"));
  }
}
