package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.EbsInstanceBlockDevice;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.MonitoringState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Reads the interrupted instance and turns it into an {@link Original} with a launch spec. */
final class Inspector {

  private final Ec2Client ec2;

  Inspector(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** What DescribeInstances shows of the interrupted instance. */
  sealed interface Seen {
    /** The original, when EC2 still shows enough of it to launch a look-alike. */
    default Optional<Original> described() {
      return this instanceof Described d ? Optional.of(d.original()) : Optional.empty();
    }

    /** EC2 does not know it (never did, or it was terminated over an hour ago). */
    record Unknown() implements Seen {}

    /** Terminated: EC2 still lists it, without subnet, security groups or profile to launch from. */
    record Stripped(String state) implements Seen {}

    record Described(Original original) implements Seen {}
  }

  Seen inspect(String instanceId) {
    Optional<Instance> found = describe(instanceId);
    if (found.isEmpty()) {
      return new Seen.Unknown();
    }
    Instance instance = found.get();
    if (instance.subnetId() == null || instance.placement() == null) {
      return new Seen.Stripped(instance.state() == null ? "unknown" : instance.state().nameAsString());
    }
    String userData = userData(instanceId);
    List<BlockDevice> devices = blockDevices(instance);
    Map<String, String> tags = instance.tags().stream()
        .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
    LaunchSpec spec = new LaunchSpec(
        instance.imageId(),
        instance.instanceTypeAsString(),
        instance.placement() == null ? null : instance.placement().availabilityZone(),
        instance.subnetId(),
        instance.securityGroups().stream().map(GroupIdentifier::groupId).toList(),
        instance.keyName(),
        instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn(),
        userData,
        Boolean.TRUE.equals(instance.ebsOptimized()),
        instance.monitoring() != null && instance.monitoring().state() != MonitoringState.DISABLED
            && instance.monitoring().state() != MonitoringState.DISABLING,
        devices);
    return new Seen.Described(new Original(
        instance.instanceId(),
        instance.state() == null ? null : instance.state().nameAsString(),
        instance.instanceLifecycleAsString() == null ? "on-demand" : instance.instanceLifecycleAsString(),
        instance.spotInstanceRequestId(),
        instance.platformDetails() == null ? "Linux/UNIX" : instance.platformDetails(),
        spec,
        tags));
  }

  private Optional<Instance> describe(String instanceId) {
    try {
      return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
          .flatMap(r -> r.instances().stream())
          .filter(i -> instanceId.equals(i.instanceId()))
          .findFirst();
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidInstanceID.NotFound")) {
        return Optional.empty();
      }
      throw Ec2Errors.translate(e, "DescribeInstances");
    }
  }

  private String userData(String instanceId) {
    try {
      var value = ec2.describeInstanceAttribute(b -> b.instanceId(instanceId)
          .attribute(InstanceAttributeName.USER_DATA)).userData();
      return value == null || value.value() == null || value.value().isEmpty() ? null : value.value();
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeInstanceAttribute");
    }
  }

  /**
   * The root volume and scratch volumes (deleted on termination) are recreated with the same size
   * and type; volumes that outlive the instance hold data and are reattached, not recreated.
   */
  private List<BlockDevice> blockDevices(Instance instance) {
    List<InstanceBlockDeviceMapping> recreate = instance.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
        .filter(m -> m.deviceName().equals(instance.rootDeviceName())
            || Boolean.TRUE.equals(m.ebs().deleteOnTermination()))
        .toList();
    if (recreate.isEmpty()) {
      return List.of();
    }
    Map<String, Volume> volumes;
    try {
      volumes = ec2.describeVolumes(b -> b.volumeIds(recreate.stream()
              .map(m -> m.ebs().volumeId()).toList())).volumes().stream()
          .collect(Collectors.toMap(Volume::volumeId, Function.identity(), (a, b) -> a));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeVolumes");
    }
    List<BlockDevice> devices = new ArrayList<>();
    for (InstanceBlockDeviceMapping mapping : recreate) {
      EbsInstanceBlockDevice ebs = mapping.ebs();
      Volume volume = volumes.get(ebs.volumeId());
      if (volume == null) {
        continue;
      }
      devices.add(new BlockDevice(mapping.deviceName(), volume.size(), volume.volumeTypeAsString(),
          volume.iops(), volume.throughput(), volume.encrypted(), volume.kmsKeyId(),
          Boolean.TRUE.equals(ebs.deleteOnTermination())));
    }
    return devices;
  }
}
