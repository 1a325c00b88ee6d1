package dev.spotreplacer.replace;

import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Sends the spot request for one pool, tags what it launched, and cancels what is given up. */
final class Launcher {

  private static final Set<String> POOL_REFUSALS = Set.of(
      "InsufficientInstanceCapacity", "MaxSpotInstanceCountExceeded", "SpotMaxPriceTooLow",
      "InstanceLimitExceeded", "VcpuLimitExceeded", "Unsupported");

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;

  Launcher(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper, Supplier<RandomGenerator> random) {
    this.ec2 = ec2;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
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
    requestTags.add(tag(TagKeys.REPLACES, original.instanceId()));
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

  /**
   * Gives up an open request so that it cannot launch an orphan later. Cancelling does not stop an
   * instance the request launched meanwhile (request-canceled-and-instance-running), so the request
   * is read back: its instance, if it has one, is returned for the caller to adopt or terminate.
   */
  Optional<String> cancel(String spotRequestId) {
    try {
      ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(spotRequestId));
      return ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(spotRequestId))
          .spotInstanceRequests().stream()
          .map(SpotInstanceRequest::instanceId)
          .filter(id -> id != null && !id.isEmpty())
          .findFirst();
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "CancelSpotInstanceRequests");
    }
  }

  /**
   * The replacement carries the original's own tags and a link back to it. A spot request's
   * instance cannot be tagged at launch, and EC2 may not know its fresh id yet
   * (InvalidInstanceID.NotFound for a few seconds): that answer is retried while time is left.
   */
  void tagReplacement(String replacementId, Original original, Instant deadline) throws InterruptedException {
    // The plan lives in the launch template (Plans), not on this instance.
    List<Tag> tags = ReplacementTags.of(original, java.util.Map.of());
    whileNotYetKnown("CreateTags", deadline, () -> ec2.createTags(b -> b.resources(replacementId).tags(tags)));
  }

  /** Runs {@code call} on a fresh instance id, retrying EC2's InvalidInstanceID.NotFound while time is left. */
  private void whileNotYetKnown(String action, Instant deadline, Runnable call) throws InterruptedException {
    Backoff backoff = Backoff.polling(random.get());
    while (true) {
      try {
        call.run();
        return;
      } catch (SdkException e) {
        Duration delay = backoff.next();
        if (!Ec2Errors.hasCode(e, "InvalidInstanceID.NotFound") || clock.instant().plus(delay).isAfter(deadline)) {
          throw Ec2Errors.translate(e, action);
        }
        sleeper.sleep(delay);
      }
    }
  }

  /**
   * What no launch API sets: source/destination checking, off on a NAT or routing instance. Set
   * before the instance runs and before the Elastic IP moves, so traffic is routed from the start.
   */
  void carryAttributes(String replacementId, Original original, Instant deadline) throws InterruptedException {
    if (original.spec().options().sourceDestCheck()) {
      return;
    }
    whileNotYetKnown("ModifyInstanceAttribute", deadline,
        () -> ec2.modifyInstanceAttribute(b -> b.instanceId(replacementId).sourceDestCheck(v -> v.value(false))));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
