package dev.spotreplacer.event;

/** A well-formed EventBridge event of a kind this function does not act on: skipped, not an error. */
public final class UnsupportedEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String detailType;

  public UnsupportedEventException(String source, String detailType) {
    super("not handled: source '" + source + "', detail-type '" + detailType + "'");
    this.source = source;
    this.detailType = detailType;
  }

  public String source() {
    return source;
  }

  public String detailType() {
    return detailType;
  }
}
