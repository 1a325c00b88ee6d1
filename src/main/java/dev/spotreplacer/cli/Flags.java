package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
import java.util.Map;

/** The command-line flag for each field of a hand-run task, so that an error names what the user typed. */
final class Flags {

  /** Event field -> AWS CLI flag, where the two differ. */
  private static final Map<String, String> RENAMED = Map.of(
      "ami", "--image-id",
      "request-id", "--spot-instance-request-ids",
      "max-price", "--spot-price",
      "product", "--product-descriptions");

  private Flags() {}

  /** The task's message with its leading field name replaced by the flag. */
  static String message(InvalidEventException e) {
    String flag = RENAMED.getOrDefault(e.field(), "--" + e.field());
    String message = e.getMessage();
    return message.startsWith(e.field()) ? flag + message.substring(e.field().length()) : flag + ": " + message;
  }

  /** A count or duration that must be at least 1, named by its flag. */
  static void requirePositive(long value, String flag) {
    if (value < 1) {
      throw new IllegalArgumentException(flag + " " + value + " must be at least 1");
    }
  }

  /** A share between 0 and 1, named by its flag. */
  static void requireFraction(double value, String flag) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(flag + " " + value + " must be between 0 and 1");
    }
  }
}
