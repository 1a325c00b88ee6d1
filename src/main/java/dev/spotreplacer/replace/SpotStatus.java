package dev.spotreplacer.replace;

import java.util.Set;

/** How the orchestrator reads a spot request's state and status code. */
enum SpotStatus {
  /** An instance exists for the request. */
  FULFILLED,
  /** Still being evaluated or fulfilled: keep watching. */
  WAITING,
  /** This pool cannot serve it now (capacity, price, limits): cancel and try the next pool. */
  POOL_REJECTED,
  /** The request itself is wrong or gone: another pool would not help. */
  TERMINAL;

  private static final Set<String> POOL_REJECTIONS = Set.of(
      "capacity-not-available", "capacity-oversubscribed", "price-too-low", "limit-exceeded",
      "az-group-constraint", "placement-group-constraint", "constraint-not-fulfillable",
      "not-scheduled-yet");
  private static final Set<String> WAITING_CODES = Set.of("pending-evaluation", "pending-fulfillment");

  static SpotStatus of(String state, String code, String instanceId) {
    if (instanceId != null && !instanceId.isEmpty()) {
      return FULFILLED;
    }
    if (code != null && POOL_REJECTIONS.contains(code)) {
      return POOL_REJECTED;
    }
    // We cancel only requests whose pool refused them; a repeated ClientToken brings one back.
    if ("cancelled".equals(state) && "canceled-before-fulfillment".equals(code)) {
      return POOL_REJECTED;
    }
    if ("open".equals(state)) {
      return WAITING;
    }
    if (code != null && WAITING_CODES.contains(code) && !"failed".equals(state)) {
      return WAITING;
    }
    return TERMINAL;
  }
}
