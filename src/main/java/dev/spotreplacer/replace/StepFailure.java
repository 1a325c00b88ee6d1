package dev.spotreplacer.replace;

/** A step could not go on; the reason is a stable code and the message says what to do. */
public final class StepFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public StepFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
