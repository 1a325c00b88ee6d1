package dev.spotreplacer.aws;

/** The member account's role could not be assumed; the message names the role and the fix. */
public final class CrossAccountException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CrossAccountException(String message, Throwable cause) {
    super(message, cause);
  }
}
