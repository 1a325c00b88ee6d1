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
  private static final List<Map.Entry<String, String>> MANAGERS = List.of(
      Map.entry("aws:autoscaling:groupName", "managed-by-auto-scaling"),
      Map.entry("aws:ec2:fleet-id", "managed-by-ec2-fleet"),
      Map.entry("aws:ec2spot:fleet-request-id", "managed-by-spot-fleet"),
      Map.entry("aws:elasticmapreduce:job-flow-id", "managed-by-emr"),
      Map.entry("eks:nodegroup-name", "managed-by-eks"),
      Map.entry("karpenter.sh/", "managed-by-karpenter"),
      Map.entry("karpenter.k8s.aws/", "managed-by-karpenter"));

  private final Ec2Client ec2;
  private final Settings settings;

  Eligibility(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  Decision decide(Original original) {
    if (!"spot".equals(original.lifecycle())) {
      return new Decision.Skip("not-spot", original.instanceId() + " is a " + original.lifecycle()
          + " instance, not spot: nothing to replace");
    }
    for (Map.Entry<String, String> manager : MANAGERS) {
      String key = manager.getKey();
      // Our own fallback launches through a one-shot instant fleet: EC2 tags the instance with the
      // fleet id, but nothing maintains it, so it stays ours to replace.
      if (key.equals("aws:ec2:fleet-id") && original.tags().containsKey(Launcher.REPLACES_TAG)) {
        continue;
      }
      boolean tagged = key.endsWith("/")
          ? original.tags().keySet().stream().anyMatch(k -> k.startsWith(key))
          : original.tags().containsKey(key);
      if (tagged) {
        return new Decision.Skip(manager.getValue(), original.instanceId() + " carries the tag "
            + key + (key.endsWith("/") ? "*" : "") + ": its owner replaces it; replacing it here too would make a duplicate");
      }
    }
    if (settings.optInTag().isPresent()) {
      String value = original.tags().get(settings.optInTagKey());
      if (value == null || !value.equalsIgnoreCase(settings.optInTagValue())) {
        return new Decision.Skip("not-opted-in", original.instanceId() + " does not carry the tag "
            + settings.optInTagKey() + "=" + settings.optInTagValue()
            + ": tag it to have it replaced (setting OPT_IN_TAG)");
      }
    }
    SpotPlatform platform = SpotPlatform.of(original.platform());
    if (!platform.hasSpotMarket()) {
      return new Decision.Skip("platform-without-spot-market", original.instanceId() + " runs '"
          + platform.platformDetails() + "' (PlatformDetails), which has no spot market: " + platform.why()
          + "; EC2 lists spot prices only for Linux/UNIX, SUSE Linux, Red Hat Enterprise Linux and Windows");
    }
    if (original.spotRequestId() != null && isPersistent(original.spotRequestId())) {
      return new Decision.Skip("persistent-spot-request", original.instanceId() + " comes from the persistent"
          + " spot request " + original.spotRequestId() + ": EC2 relaunches it by itself");
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
