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
 * @param reason a stable, machine-readable code such as {@code capacity-not-available}, and whether a retry helps
 * @param message one sentence for a person: what happened and, for failures, what to do
 * @param state the replacement's last known instance state, or the request's state if no instance
 * @param lifecycle "spot" or "on-demand": how the replacement is paid for, once one was launched
 * @param launchStrategy "spot-request", "run-instances", "fleet" or "on-demand": the call that launched it
 * @param launchStrategyReason why RequestSpotInstances, the default, was not used, when it was not
 * @param elasticIp the Elastic IP now on the replacement, if the original had one
 * @param volumes data volumes now attached to the replacement, at the original's device names
 * @param volumesPending data volumes the old instance still held at the time limit
 * @param priceCap the price cap the pools were held to, when MAX_PRICE or MAX_PRICE_FRACTION set one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"outcome", "reason", "message", "interruptedInstanceId", "replacementInstanceId",
    "spotRequestId", "instanceType", "availabilityZone", "spotPrice", "priceCap", "state", "eventId",
    "lifecycle", "launchStrategy", "launchStrategyReason", "elasticIp", "volumes", "volumesPending", "poolsTried", "timings", "apiCalls"})
public record Result(
    Outcome outcome,
    Reason reason,
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
    List<String> volumesPending,
    AppliedCap priceCap) {

  public Result {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(reason, "reason == null");
    poolsTried = poolsTried == null ? List.of() : List.copyOf(poolsTried);
    apiCalls = apiCalls == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(apiCalls));
    volumes = volumes == null ? null : List.copyOf(volumes);
    volumesPending = volumesPending == null ? null : List.copyOf(volumesPending);
  }

  /** A result for this outcome and reason; the rest is set by name. */
  public static Builder of(Outcome outcome, Reason reason, String message) {
    return new Builder(outcome, reason, message);
  }

  /** The same result with the call counts as they stand now (after calls made once it was decided). */
  Result withApiCalls(Map<String, Long> counts) {
    return new Result(outcome, reason, message, interruptedInstanceId, replacementInstanceId, spotRequestId,
        instanceType, availabilityZone, spotPrice, state, eventId, poolsTried, timings, counts, lifecycle,
        launchStrategy, launchStrategyReason, elasticIp, volumes, volumesPending, priceCap);
  }

  /** Sets a result's fields by name; what is not set is left out of the JSON. */
  public static final class Builder {
    private final Outcome outcome;
    private final Reason reason;
    private final String message;
    private String interruptedInstanceId;
    private String replacementInstanceId;
    private String spotRequestId;
    private String instanceType;
    private String availabilityZone;
    private String spotPrice;
    private String state;
    private String eventId;
    private List<PoolTried> poolsTried = List.of();
    private Timings timings;
    private Map<String, Long> apiCalls = Map.of();
    private String lifecycle;
    private String launchStrategy;
    private String launchStrategyReason;
    private ElasticIp elasticIp;
    private List<DataVolume> volumes;
    private List<String> volumesPending;
    private AppliedCap priceCap;

    private Builder(Outcome outcome, Reason reason, String message) {
      this.outcome = outcome;
      this.reason = reason;
      this.message = message;
    }

    public Builder interruptedInstanceId(String value) {
      interruptedInstanceId = value;
      return this;
    }

    public Builder replacementInstanceId(String value) {
      replacementInstanceId = value;
      return this;
    }

    public Builder spotRequestId(String value) {
      spotRequestId = value;
      return this;
    }

    public Builder instanceType(String value) {
      instanceType = value;
      return this;
    }

    public Builder availabilityZone(String value) {
      availabilityZone = value;
      return this;
    }

    public Builder spotPrice(String value) {
      spotPrice = value;
      return this;
    }

    public Builder state(String value) {
      state = value;
      return this;
    }

    public Builder eventId(String value) {
      eventId = value;
      return this;
    }

    public Builder poolsTried(List<PoolTried> value) {
      poolsTried = value;
      return this;
    }

    public Builder timings(Timings value) {
      timings = value;
      return this;
    }

    public Builder apiCalls(Map<String, Long> value) {
      apiCalls = value;
      return this;
    }

    /** "spot" or "on-demand", with the call that launched it and why that call, if not the default. */
    public Builder launched(String lifecycleValue, String strategy, String strategyReason) {
      lifecycle = lifecycleValue;
      launchStrategy = strategy;
      launchStrategyReason = strategyReason;
      return this;
    }

    public Builder elasticIp(ElasticIp value) {
      elasticIp = value;
      return this;
    }

    public Builder volumes(List<DataVolume> value) {
      volumes = value;
      return this;
    }

    public Builder volumesPending(List<String> value) {
      volumesPending = value;
      return this;
    }

    public Builder priceCap(AppliedCap value) {
      priceCap = value;
      return this;
    }

    public Result build() {
      return new Result(outcome, reason, message, interruptedInstanceId, replacementInstanceId, spotRequestId,
          instanceType, availabilityZone, spotPrice, state, eventId, poolsTried, timings, apiCalls, lifecycle,
          launchStrategy, launchStrategyReason, elasticIp, volumes, volumesPending, priceCap);
    }
  }
}
