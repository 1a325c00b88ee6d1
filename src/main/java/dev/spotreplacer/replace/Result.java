package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one invocation did, returned by the handler and logged as one JSON line.
 *
 * @param reason a stable, machine-readable code such as {@code capacity-not-available}
 * @param message one sentence for a person: what happened and, for failures, what to do
 * @param state the replacement's last known instance state, or the request's state if no instance
 * @param lifecycle "spot" or "on-demand": how the replacement is paid for, once one was launched
 * @param launchStrategy "spot-request", "run-instances", "fleet" or "on-demand": the call that launched it
 * @param launchStrategyReason why RequestSpotInstances, the default, was not used, when it was not
 * @param elasticIp the Elastic IP now on the replacement, if the original had one
 * @param volumes data volumes now attached to the replacement, at the original's device names
 * @param volumesPending data volumes the old instance still held at the time limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"outcome", "reason", "message", "interruptedInstanceId", "replacementInstanceId",
    "spotRequestId", "instanceType", "availabilityZone", "spotPrice", "state", "eventId",
    "lifecycle", "launchStrategy", "launchStrategyReason", "elasticIp", "volumes", "volumesPending", "poolsTried", "timings", "apiCalls"})
public record Result(
    Outcome outcome,
    String reason,
    String message,
    String interruptedInstanceId,
    String replacementInstanceId,
    String spotRequestId,
    String instanceType,
    String availabilityZone,
    String spotPrice,
    String state,
    String eventId,
    List<PoolTried> poolsTried,
    Timings timings,
    Map<String, Long> apiCalls,
    String lifecycle,
    String launchStrategy,
    String launchStrategyReason,
    ElasticIp elasticIp,
    List<DataVolume> volumes,
    List<String> volumesPending) {

  public Result {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(reason, "reason == null");
    poolsTried = List.copyOf(poolsTried);
    apiCalls = Collections.unmodifiableMap(new TreeMap<>(apiCalls));
    volumes = volumes == null ? null : List.copyOf(volumes);
    volumesPending = volumesPending == null ? null : List.copyOf(volumesPending);
  }
  /** The same result with the call counts as they stand now (after calls made once it was decided). */
  Result withApiCalls(Map<String, Long> counts) {
    return new Result(outcome, reason, message, interruptedInstanceId, replacementInstanceId, spotRequestId,
        instanceType, availabilityZone, spotPrice, state, eventId, poolsTried, timings, counts, lifecycle,
        launchStrategy, launchStrategyReason, elasticIp, volumes, volumesPending);
  }

  /** A result before anything was launched: no lifecycle, launch strategy, address or volume to report. */
  public Result(Outcome outcome, String reason, String message, String interruptedInstanceId,
      String replacementInstanceId, String spotRequestId, String instanceType, String availabilityZone,
      String spotPrice, String state, String eventId, List<PoolTried> poolsTried, Timings timings,
      Map<String, Long> apiCalls) {
    this(outcome, reason, message, interruptedInstanceId, replacementInstanceId, spotRequestId, instanceType,
        availabilityZone, spotPrice, state, eventId, poolsTried, timings, apiCalls, null, null, null, null, null, null);
  }
}
