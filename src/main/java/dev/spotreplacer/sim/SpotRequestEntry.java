package dev.spotreplacer.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;

/** One spot instance request's mutable state inside the market; guarded by the market's lock. */
final class SpotRequestEntry {

  /** What the request waits for while it is open. */
  enum Due { EVALUATION, FULFILLMENT }

  final String spotInstanceRequestId;
  final RequestSpotLaunchSpecification launchSpecification;
  final String type;
  final String spotPrice;
  final String clientToken;
  final Instant createTime;
  final Instant validFrom;
  final Instant validUntil;
  final String interruptionBehavior;
  final String productDescription;
  final Map<String, String> tags = new LinkedHashMap<>();

  String state;
  String statusCode;
  String statusMessage;
  Instant statusUpdateTime;
  String instanceId;
  String launchedAvailabilityZone;
  Due due;
  Instant dueAt;
  /** The pool whose capacity this request holds between evaluation and fulfilment. */
  Pool reservedPool;
  String reservedSubnetId;
  /** Before this time EC2's eventual consistency hides the new id; null: visible from the start. */
  Instant visibleFrom;

  SpotRequestEntry(String spotInstanceRequestId, RequestSpotLaunchSpecification launchSpecification, String type,
      String spotPrice, String clientToken, Instant createTime, Instant validFrom, Instant validUntil,
      String interruptionBehavior, String productDescription) {
    this.spotInstanceRequestId = spotInstanceRequestId;
    this.launchSpecification = launchSpecification;
    this.type = type;
    this.spotPrice = spotPrice;
    this.clientToken = clientToken;
    this.createTime = createTime;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.interruptionBehavior = interruptionBehavior;
    this.productDescription = productDescription;
  }

  void status(String newState, String code, String message, Instant at) {
    this.state = newState;
    this.statusCode = code;
    this.statusMessage = message;
    this.statusUpdateTime = at;
  }

  void status(String newState, String code, Instant at) {
    status(newState, code, SpotStatus.message(code), at);
  }

  /** The next time this request changes by itself: its due step, or its expiry while still open. */
  Instant nextEventAt() {
    if (!"open".equals(state)) {
      return null;
    }
    if (dueAt == null) {
      return validUntil;
    }
    return validUntil != null && validUntil.isBefore(dueAt) ? validUntil : dueAt;
  }

  String requestedAvailabilityZone() {
    if (launchedAvailabilityZone != null) {
      return launchedAvailabilityZone;
    }
    return launchSpecification.placement() == null ? null : launchSpecification.placement().availabilityZone();
  }

  SimSpotRequest snapshot() {
    return new SimSpotRequest(spotInstanceRequestId, state, statusCode, instanceId, clientToken,
        launchSpecification.instanceTypeAsString(), requestedAvailabilityZone(), type, spotPrice, tags, createTime);
  }
}
