package dev.spotreplacer.sim;

/** An STS error, answered in the awsQuery error document with HTTP 403 (or 400). */
final class StsFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  StsFault(String code, String message, int httpStatus) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  String code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }
}
