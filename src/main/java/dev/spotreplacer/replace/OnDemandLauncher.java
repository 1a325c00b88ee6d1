package dev.spotreplacer.replace;

import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * The last resort when ON_DEMAND_FALLBACK is on and no spot pool can be had: RunInstances with the
 * original's type, subnet and spec, tagged at launch. It costs the on-demand price until the user
 * moves it back to spot, which is why it is off by default and the result says so.
 */
final class OnDemandLauncher {

  private static final Set<String> REFUSALS = Set.of(
      "InsufficientInstanceCapacity", "InstanceLimitExceeded", "VcpuLimitExceeded", "Unsupported");

  private final Ec2Client ec2;
  private final Settings settings;

  OnDemandLauncher(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  /** How RunInstances ended. */
  sealed interface OnDemandEnd {
    record Launched(String instanceId) implements OnDemandEnd {}

    record Refused(String code) implements OnDemandEnd {}

    record DryRunPassed() implements OnDemandEnd {}
  }

  /** Same interruption, same token: a repeated delivery cannot start a second on-demand instance. */
  static String clientToken(String interruptedInstanceId) {
    return "spot-replacer-" + interruptedInstanceId + "-on-demand";
  }

  OnDemandEnd launch(Original original) {
    LaunchSpec spec = original.spec();
    RunInstancesRequest.Builder run = RunInstancesRequest.builder()
        .clientToken(clientToken(original.instanceId()))
        .imageId(spec.imageId())
        .instanceType(spec.instanceType())
        .subnetId(spec.subnetId())
        .minCount(1)
        .maxCount(1)
        .ebsOptimized(spec.ebsOptimized())
        .monitoring(m -> m.enabled(spec.monitoring()))
        .blockDeviceMappings(spec.blockDevices().stream().map(OnDemandLauncher::mapping).toList())
        .tagSpecifications(ReplacementTags.onInstance(original))
        .dryRun(settings.dryRun());
    if (!spec.securityGroupIds().isEmpty()) {
      run.securityGroupIds(spec.securityGroupIds());
    }
    if (spec.keyName() != null) {
      run.keyName(spec.keyName());
    }
    if (spec.iamInstanceProfileArn() != null) {
      run.iamInstanceProfile(IamInstanceProfileSpecification.builder().arn(spec.iamInstanceProfileArn()).build());
    }
    if (spec.userData() != null) {
      run.userData(spec.userData());
    }
    try {
      return new OnDemandEnd.Launched(ec2.runInstances(run.build()).instances().get(0).instanceId());
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("");
      if (code.equals(Ec2Errors.DRY_RUN_OK)) {
        return new OnDemandEnd.DryRunPassed();
      }
      if (REFUSALS.contains(code)) {
        return new OnDemandEnd.Refused(code);
      }
      throw Ec2Errors.translate(e, "RunInstances");
    }
  }

  private static BlockDeviceMapping mapping(BlockDevice d) {
    return Launcher.mappings(java.util.List.of(d)).get(0);
  }
}
