package dev.spotreplacer.sim;

import java.util.List;
import java.util.Map;

/** EC2's spot request status codes: which request state each belongs to and the message EC2 shows. */
final class SpotStatus {

  static final String PENDING_EVALUATION = "pending-evaluation";
  static final String PENDING_FULFILLMENT = "pending-fulfillment";
  static final String FULFILLED = "fulfilled";
  static final String PRICE_TOO_LOW = "price-too-low";
  static final String CAPACITY_NOT_AVAILABLE = "capacity-not-available";
  static final String BAD_PARAMETERS = "bad-parameters";
  static final String SCHEDULE_EXPIRED = "schedule-expired";
  static final String CANCELED_BEFORE_FULFILLMENT = "canceled-before-fulfillment";
  static final String CANCELED_AND_INSTANCE_RUNNING = "request-canceled-and-instance-running";
  static final String TERMINATED_BY_USER = "instance-terminated-by-user";
  static final String TERMINATED_NO_CAPACITY = "instance-terminated-no-capacity";

  /** Codes a scenario pool may fail every evaluation with, and the state each leaves the request in. */
  private static final Map<String, String> FAILURE_STATES =
      Map.ofEntries(
          Map.entry(CAPACITY_NOT_AVAILABLE, "open"),
          Map.entry("capacity-oversubscribed", "open"),
          Map.entry(PRICE_TOO_LOW, "open"),
          Map.entry("not-scheduled-yet", "open"),
          Map.entry("launch-group-constraint", "open"),
          Map.entry("az-group-constraint", "open"),
          Map.entry("placement-group-constraint", "open"),
          Map.entry("constraint-not-fulfillable", "open"),
          Map.entry(BAD_PARAMETERS, "failed"),
          Map.entry("limit-exceeded", "failed"),
          Map.entry("system-error", "closed"));

  static final List<String> FAILURE_CODES = FAILURE_STATES.keySet().stream().sorted().toList();

  private static final Map<String, String> MESSAGES =
      Map.ofEntries(
          Map.entry(PENDING_EVALUATION, "Your Spot request has been submitted for review, and is pending evaluation."),
          Map.entry(PENDING_FULFILLMENT, "Your Spot request is pending fulfillment."),
          Map.entry(FULFILLED, "Your spot request is fulfilled."),
          Map.entry(CAPACITY_NOT_AVAILABLE, "There is no Spot capacity available that matches your request."),
          Map.entry("capacity-oversubscribed",
              "Your Spot request cannot be fulfilled at this time because the number of Spot Instances requested"
                  + " exceeds the capacity available."),
          Map.entry(PRICE_TOO_LOW, "Your Spot request price is lower than the minimum required Spot request"
              + " fulfillment price."),
          Map.entry("not-scheduled-yet", "Your Spot request will not be evaluated until the scheduled date."),
          Map.entry("launch-group-constraint", "Your Spot request cannot be fulfilled together with its launch group."),
          Map.entry("az-group-constraint",
              "Your Spot request cannot be fulfilled in a single Availability Zone for its group."),
          Map.entry("placement-group-constraint", "Your Spot request cannot be fulfilled in its placement group."),
          Map.entry("constraint-not-fulfillable", "Your Spot request cannot be fulfilled with its constraints."),
          Map.entry(BAD_PARAMETERS, "Your Spot request is not valid."),
          Map.entry("limit-exceeded", "The limit on the number of EBS volumes or total volume storage was exceeded."),
          Map.entry("system-error", "There was an unexpected system error."),
          Map.entry(SCHEDULE_EXPIRED, "Your Spot request expired before it could be fulfilled."),
          Map.entry(CANCELED_BEFORE_FULFILLMENT, "Your Spot request was canceled before it was fulfilled."),
          Map.entry(CANCELED_AND_INSTANCE_RUNNING,
              "Spot Instance request was canceled by you, but the instance is still running."),
          Map.entry(TERMINATED_BY_USER, "Spot Instance terminated due to user-initiated termination."),
          Map.entry(TERMINATED_NO_CAPACITY, "Spot Instance terminated due to no available capacity."));

  private SpotStatus() {}

  static boolean isKnown(String code) {
    return FAILURE_STATES.containsKey(code);
  }

  /** The request state a failure code leaves the request in (open for holding codes). */
  static String stateOf(String failureCode) {
    return FAILURE_STATES.getOrDefault(failureCode, "failed");
  }

  static String message(String code) {
    return MESSAGES.getOrDefault(code, "Your Spot request status is " + code + ".");
  }
}
