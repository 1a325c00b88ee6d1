package dev.spotreplacer.sim;

/** An error of an AWS JSON 1.1 service (EventBridge, the Price List): its {@code __type}, message and HTTP status. */
final class JsonFault extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String type;
  private final int status;

  JsonFault(String type, String message, int status) {
    super(message);
    this.type = type;
    this.status = status;
  }

  String type() {
    return type;
  }

  int status() {
    return status;
  }

  /** The error document: {@code {"__type": ..., "message": ...}}. */
  String document() {
    com.fasterxml.jackson.databind.node.ObjectNode node =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    node.put("__type", type);
    node.put("message", getMessage());
    return node.toString();
  }
}
