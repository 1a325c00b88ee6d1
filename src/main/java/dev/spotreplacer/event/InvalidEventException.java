package dev.spotreplacer.event;

/** The input is not an event this function can act on; the message names the field and the fix. */
public final class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidEventException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The JSON path of the offending field, such as {@code detail.instance-id}; "" for the whole input. */
  public String field() {
    return field;
  }
}
