package dev.spotreplacer.replace;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

/**
 * Decides whether an instance is ours to replace: opted in, spot, and not managed by something
 * that replaces it already (a second replacer would make a duplicate).
 */
final class Eligibility {

  /** Tag keys (or prefixes ending in '/') that mean another system owns the instance's lifecycle. */
  private static final List<Map.Entry<String, Reason.Code>> MANAGERS = List.of(
      Map.entry("aws:autoscaling:groupName", Reason.Code.MANAGED_BY_AUTO_SCALING),
      Map.entry("aws:ec2:fleet-id", Reason.Code.MANAGED_BY_EC2_FLEET),
      Map.entry("aws:ec2spot:fleet-request-id", Reason.Code.MANAGED_BY_SPOT_FLEET),
      Map.entry("aws:elasticmapreduce:job-flow-id", Reason.Code.MANAGED_BY_EMR),
      Map.entry("eks:nodegroup-name", Reason.Code.MANAGED_BY_EKS),
      Map.entry("karpenter.sh/", Reason.Code.MANAGED_BY_KARPENTER),
      Map.entry("karpenter.k8s.aws/", Reason.Code.MANAGED_BY_KARPENTER));

  private final Ec2Client ec2;
  private final Settings settings;

  Eligibility(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  Decision decide(Original original) {
    Decision onItsFace = onItsFace(original.instanceId(), original.lifecycle(), original.tags(), original.platform(),
        settings);
    if (onItsFace instanceof Decision.Skip) {
      return onItsFace;
    }
    if (original.spotRequestId() != null && isPersistent(original.spotRequestId())) {
      return new Decision.Skip(Reason.Code.PERSISTENT_SPOT_REQUEST, original.instanceId() + " comes from the persistent"
          + " spot request " + original.spotRequestId() + ": EC2 relaunches it by itself");
    }
    return new Decision.Eligible();
  }

  /**
   * The verdict on what DescribeInstances alone shows (lifecycle, tags, platform), with no EC2 call:
   * everything but the persistent-request check. The read-ahead asks it before spending calls.
   */
  static Decision onItsFace(String instanceId, String lifecycle, Map<String, String> tags, String platformDetails,
      Settings settings) {
    if (!"spot".equals(lifecycle)) {
      return new Decision.Skip(Reason.Code.NOT_SPOT, instanceId + " is a " + lifecycle
          + " instance, not spot: nothing to replace");
    }
    for (Map.Entry<String, Reason.Code> manager : MANAGERS) {
      String key = manager.getKey();
      // Our own fallback launches through a one-shot instant fleet: EC2 tags the instance with the
      // fleet id, but nothing maintains it, so it stays ours to replace.
      if (key.equals("aws:ec2:fleet-id") && tags.containsKey(TagKeys.REPLACES)) {
        continue;
      }
      boolean tagged = key.endsWith("/")
          ? tags.keySet().stream().anyMatch(k -> k.startsWith(key))
          : tags.containsKey(key);
      if (tagged) {
        return new Decision.Skip(manager.getValue(), instanceId + " carries the tag "
            + key + (key.endsWith("/") ? "*" : "") + ": its owner replaces it; replacing it here too would make a duplicate");
      }
    }
    if (settings.optInTag().isPresent()) {
      String value = tags.get(settings.optInTagKey());
      if (value == null || !value.equalsIgnoreCase(settings.optInTagValue())) {
        return new Decision.Skip(Reason.Code.NOT_OPTED_IN, instanceId + " does not carry the tag "
            + settings.optInTagKey() + "=" + settings.optInTagValue()
            + ": tag it to have it replaced (setting OPT_IN_TAG)");
      }
    }
    SpotPlatform platform = SpotPlatform.of(platformDetails);
    if (!platform.hasSpotMarket()) {
      return new Decision.Skip(Reason.Code.PLATFORM_WITHOUT_SPOT_MARKET, instanceId + " runs '"
          + platform.platformDetails() + "' (PlatformDetails), which has no spot market: " + platform.why()
          + "; EC2 lists spot prices only for Linux/UNIX, SUSE Linux, Red Hat Enterprise Linux and Windows");
    }
    return new Decision.Eligible();
  }

  private boolean isPersistent(String spotRequestId) {
    try {
      return ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(spotRequestId))
          .spotInstanceRequests().stream()
          .map(SpotInstanceRequest::type)
          .anyMatch(SpotInstanceType.PERSISTENT::equals);
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidSpotInstanceRequestID.NotFound")) {
        return false;
      }
      throw Ec2Errors.translate(e, "DescribeSpotInstanceRequests");
    }
  }
}
