package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Sends the spot request for one pool, tags what it launched, and cancels what is given up. */
final class Launcher {

  /** Links a replacement (request and instance) to the instance it replaces. */
  static final String REPLACES_TAG = "spot-replacer:replaces";
  /** EC2 allows 50 tags per resource. */
  private static final int MAX_TAGS = 50;
  private static final Set<String> POOL_REFUSALS = Set.of(
      "InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded", "SpotMaxPriceTooLow",
      "InstanceLimitExceeded", "VcpuLimitExceeded", "Unsupported");

  private final Ec2Client ec2;
  private final Settings settings;

  Launcher(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  /**
   * The same interruption always gives the same token for the same attempt, so duplicate and
   * concurrent deliveries get EC2's idempotency instead of a second instance.
   */
  static String clientToken(String interruptedInstanceId, int attempt) {
    return "spot-replacer-" + interruptedInstanceId + "-" + attempt;
  }

  LaunchAttempt request(Original original, PricedPool pool, int attempt) {
    return request(original, pool, attempt, null, Map.of());
  }

  /**
   * With {@code maxPrice} set, EC2 never charges more than it for this request (SpotPrice).
   * {@code planTags} go on the request with the link tag: what a later invocation must finish.
   */
  LaunchAttempt request(Original original, PricedPool pool, int attempt, String maxPrice,
      Map<String, String> planTags) {
    List<Tag> requestTags = new ArrayList<>();
    requestTags.add(tag(REPLACES_TAG, original.instanceId()));
    planTags.forEach((key, value) -> requestTags.add(tag(key, value)));
    LaunchSpec spec = original.spec();
    RequestSpotLaunchSpecification.Builder launch = RequestSpotLaunchSpecification.builder()
        .imageId(spec.imageId())
        .instanceType(pool.pool().instanceType())
        .ebsOptimized(spec.ebsOptimized())
        .monitoring(m -> m.enabled(spec.monitoring()))
        .blockDeviceMappings(LaunchRequests.mappings(spec.blockDevices()));
    LaunchRequests.spotRequest(launch, original, pool.pool());
    if (spec.keyName() != null) {
      launch.keyName(spec.keyName());
    }
    if (spec.iamInstanceProfileArn() != null) {
      launch.iamInstanceProfile(IamInstanceProfileSpecification.builder().arn(spec.iamInstanceProfileArn()).build());
    }
    if (spec.userData() != null) {
      launch.userData(spec.userData());
    }
    try {
      var response = ec2.requestSpotInstances(b -> b
          .clientToken(clientToken(original.instanceId(), attempt))
          .instanceCount(1)
          .type(SpotInstanceType.ONE_TIME)
          .spotPrice(maxPrice)
          .launchSpecification(launch.build())
          .tagSpecifications(TagSpecification.builder()
              .resourceType(ResourceType.SPOT_INSTANCES_REQUEST)
              .tags(requestTags)
              .build())
          .dryRun(settings.dryRun()));
      return new LaunchAttempt.Requested(response.spotInstanceRequests().get(0).spotInstanceRequestId());
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("");
      if (code.equals(Ec2Errors.DRY_RUN_OK)) {
        return new LaunchAttempt.DryRunPassed();
      }
      if (code.equals("IdempotentParameterMismatch")) {
        return new LaunchAttempt.TokenTaken();
      }
      if (POOL_REFUSALS.contains(code)) {
        return new LaunchAttempt.PoolRefused(code, e.getMessage());
      }
      if (code.equals("UnauthorizedOperation")) {
        return new LaunchAttempt.Denied(code);
      }
      throw Ec2Errors.translate(e, "RequestSpotInstances");
    }
  }

  /** Gives up an open request so that it cannot launch an orphan later. */
  void cancel(String spotRequestId) {
    try {
      ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(spotRequestId));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "CancelSpotInstanceRequests");
    }
  }

  /** The replacement carries the original's own tags and a link back to it. */
  void tagReplacement(String replacementId, Original original) {
    List<Tag> tags = new ArrayList<>();
    tags.add(tag(REPLACES_TAG, original.instanceId()));
    for (Map.Entry<String, String> e : original.copyableTags().entrySet()) {
      if (!e.getKey().equals(REPLACES_TAG) && tags.size() < MAX_TAGS) {
        tags.add(tag(e.getKey(), e.getValue()));
      }
    }
    try {
      ec2.createTags(b -> b.resources(replacementId).tags(tags));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "CreateTags");
    }
  }

  /**
   * What no launch API sets: source/destination checking, off on a NAT or routing instance. Set
   * before the instance runs and before the Elastic IP moves, so traffic is routed from the start.
   */
  void carryAttributes(String replacementId, Original original) {
    if (original.spec().options().sourceDestCheck()) {
      return;
    }
    try {
      ec2.modifyInstanceAttribute(b -> b.instanceId(replacementId).sourceDestCheck(v -> v.value(false)));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "ModifyInstanceAttribute");
    }
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
