package dev.spotreplacer.sim;

import java.util.List;

/** An EC2 API error as the service reports it: a code, a message and the HTTP status. */
final class Ec2Fault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  Ec2Fault(String code, String message, int httpStatus) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  Ec2Fault(String code, String message) {
    this(code, message, 400);
  }

  String code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }

  static Ec2Fault missing(String parameter) {
    return new Ec2Fault("MissingParameter", "The request must contain the parameter " + parameter);
  }

  static Ec2Fault invalid(String parameter, Object value, String why) {
    return new Ec2Fault(
        "InvalidParameterValue", "Value (" + value + ") for parameter " + parameter + " is invalid. " + why);
  }

  static Ec2Fault combination(String first, String second) {
    return new Ec2Fault(
        "InvalidParameterCombination", "The parameter " + first + " cannot be used with the parameter " + second);
  }

  static Ec2Fault dryRun() {
    return new Ec2Fault("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  }

  /** EC2's NotFound wording: "The instance ID 'i-1' does not exist" / "The instance IDs 'i-1, i-2' do not exist". */
  static Ec2Fault notFound(String code, String noun, List<String> ids) {
    String message =
        ids.size() == 1
            ? "The " + noun + " ID '" + ids.get(0) + "' does not exist"
            : "The " + noun + " IDs '" + String.join(", ", ids) + "' do not exist";
    return new Ec2Fault(code, message);
  }

  static Ec2Fault malformed(String code, String id, String expected) {
    return new Ec2Fault(code, "Invalid id: \"" + id + "\" (expecting \"" + expected + "\")");
  }
}
