package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why an invocation ended as it did: the stable code a result carries (what alarms, dashboards
 * and Logs Insights queries match on) and whether the same event, delivered again, can do better.
 */
public sealed interface Reason permits Reason.Code, Reason.Ec2Code, Reason.InstanceGone {

  /** The code as results, logs and metrics carry it. */
  @JsonValue
  String wireName();

  /**
   * True when a later delivery of the same event may succeed where this one did not: a
   * replacement still under way, or EC2 throttling or failing for a while.
   */
  boolean retryHelps();

  /** EC2's own code, as it answered: a spot request status or an error code. */
  static Reason ec2(String code) {
    return new Ec2Code(code);
  }

  /** The reason a wire name stands for (reading a result back). */
  @JsonCreator
  static Reason fromWire(String wireName) {
    Optional<Code> ours = Code.of(wireName);
    if (ours.isPresent()) {
      return ours.get();
    }
    for (InstanceGone.Which which : InstanceGone.Which.values()) {
      String prefix = which.name().toLowerCase(java.util.Locale.ROOT) + "-";
      if (wireName.startsWith(prefix)) {
        return new InstanceGone(which, wireName.substring(prefix.length()));
      }
    }
    return new Ec2Code(wireName);
  }

  /** Our codes. */
  enum Code implements Reason {
    // Replaced.
    RUNNING("running"),
    ON_DEMAND_FALLBACK("on-demand-fallback"),
    DRY_RUN_OK("dry-run-ok"),
    // Nothing to do, on purpose.
    ALREADY_REPLACED("already-replaced"),
    EVENT_NOT_HANDLED("event-not-handled"),
    NOTICE_NOT_HANDLED("notice-not-handled"),
    STATE_NOT_HANDLED("state-not-handled"),
    INSTANCE_ACTION_STOP("instance-action-stop"),
    INSTANCE_ACTION_HIBERNATE("instance-action-hibernate"),
    INSTANCE_NOT_FOUND("instance-not-found"),
    NOT_SPOT("not-spot"),
    NOT_OPTED_IN("not-opted-in"),
    PLATFORM_WITHOUT_SPOT_MARKET("platform-without-spot-market"),
    PERSISTENT_SPOT_REQUEST("persistent-spot-request"),
    MANAGED_BY_AUTO_SCALING("managed-by-auto-scaling"),
    MANAGED_BY_EC2_FLEET("managed-by-ec2-fleet"),
    MANAGED_BY_SPOT_FLEET("managed-by-spot-fleet"),
    MANAGED_BY_EMR("managed-by-emr"),
    MANAGED_BY_EKS("managed-by-eks"),
    MANAGED_BY_KARPENTER("managed-by-karpenter"),
    NO_REPLACEMENT("no-replacement"),
    NOTHING_TO_HAND_OVER("nothing-to-hand-over"),
    REPLACEMENT_NOT_LAUNCHED("replacement-not-launched"),
    // Under way: a re-delivery finishes it.
    REQUEST_OPEN("request-open", true),
    INSTANCE_NOT_RUNNING_YET("instance-not-running-yet", true),
    ELASTIC_IP_WAITING("elastic-ip-waiting", true),
    VOLUMES_IN_USE("volumes-in-use", true),
    // No replacement could be had.
    NO_POOL("no-pool"),
    NO_SPOT_PRICE("no-spot-price"),
    OVER_PRICE_CAP("over-price-cap"),
    ON_DEMAND_OVER_PRICE_CAP("on-demand-over-price-cap"),
    ON_DEMAND_PRICE_UNKNOWN("on-demand-price-unknown"),
    OUT_OF_TIME("out-of-time"),
    INTERRUPTED("interrupted"),
    HANDOVER_INCOMPLETE("handover-incomplete"),
    // The input or the account needs a person.
    UNKNOWN_SUBNET("unknown-subnet"),
    BAD_TAG("bad-tag"),
    BAD_PLAN("bad-plan"),
    BAD_EIP_TAG("bad-eip-tag"),
    UNKNOWN_ELASTIC_IP("unknown-elastic-ip"),
    BAD_VOLUMES_TAG("bad-volumes-tag"),
    DRY_RUN_NOT_HONOURED("dry-run-not-honoured"),
    MISSING_PERMISSION("missing-permission"),
    SPOT_SERVICE_LINKED_ROLE_MISSING("spot-service-linked-role-missing"),
    BAD_CREDENTIALS("bad-credentials"),
    NO_CREDENTIALS("no-credentials"),
    MEMBER_ROLE_NOT_ASSUMED("member-role-not-assumed"),
    EC2_ERROR("ec2-error"),
    // EC2, for the moment.
    THROTTLED("throttled", true),
    EC2_UNAVAILABLE("ec2-unavailable", true),
    EC2_UNREACHABLE("ec2-unreachable", true);

    private final String wireName;
    private final boolean retryHelps;

    Code(String wireName) {
      this(wireName, false);
    }

    Code(String wireName, boolean retryHelps) {
      this.wireName = wireName;
      this.retryHelps = retryHelps;
    }

    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public boolean retryHelps() {
      return retryHelps;
    }

    /** The code with this wire name, if it is one of ours. */
    public static Optional<Code> of(String wireName) {
      return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** EC2's code, passed on as it is (spot status codes such as capacity-not-available). */
  record Ec2Code(String wireName) implements Reason {
    @Override
    public boolean retryHelps() {
      return false;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** The original or the replacement left running for a state such as terminated. */
  record InstanceGone(Which which, String state) implements Reason {
    /** Which instance. */
    public enum Which { ORIGINAL, REPLACEMENT }

    @Override
    public String wireName() {
      return which.name().toLowerCase(java.util.Locale.ROOT) + "-" + state;
    }

    @Override
    public boolean retryHelps() {
      return false;
    }

    @Override
    public String toString() {
      return wireName();
    }
  }
}
