package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.EbsInstanceBlockDevice;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAssociation;
import software.amazon.awssdk.services.ec2.model.Placement;
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
    Map<String, Volume> recreated = recreatedVolumes(instance);
    List<BlockDevice> devices = blockDevices(instance, recreated);
    Map<String, String> tags = instance.tags().stream()
        .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
    LaunchSpec spec = new LaunchSpec(
        instance.imageId(),
        instance.instanceTypeAsString(),
        instance.placement() == null ? null : instance.placement().availabilityZone(),
        instance.subnetId(),
        securityGroups(instance),
        instance.keyName(),
        instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn(),
        userData,
        Boolean.TRUE.equals(instance.ebsOptimized()),
        instance.monitoring() != null && instance.monitoring().state() != MonitoringState.DISABLED
            && instance.monitoring().state() != MonitoringState.DISABLING,
        devices,
        instance.architectureAsString(),
        options(instance, recreated));
    return new Seen.Described(new Original(
        instance.instanceId(),
        instance.state() == null ? null : instance.state().nameAsString(),
        instance.instanceLifecycleAsString() == null ? "on-demand" : instance.instanceLifecycleAsString(),
        instance.spotInstanceRequestId(),
        instance.platformDetails() == null ? "Linux/UNIX" : instance.platformDetails(),
        spec,
        tags));
  }

  /**
   * A public address EC2 assigned at launch, not an Elastic IP (which follows by itself). EC2 marks
   * the addresses it assigns as owned by "amazon"; where an endpoint does not (moto gives the
   * account), an address that is none of the instance's Elastic IPs counts as assigned. The lookup
   * is the one CarryoverFinder makes, so the read-ahead answers it.
   */
  private boolean assignedPublicIp(String instanceId, InstanceNetworkInterfaceAssociation association) {
    if (association == null || association.publicIp() == null) {
      return false;
    }
    if ("amazon".equals(association.ipOwnerId())) {
      return true;
    }
    try {
      return ec2.describeAddresses(b -> b.filters(Filter.builder().name("instance-id").values(instanceId).build()))
          .addresses().stream().noneMatch(a -> association.publicIp().equals(a.publicIp()));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeAddresses");
    }
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
   * The instance's security groups; those of its primary interface when the instance-level list is
   * empty (some EC2-compatible endpoints report them only there), never the VPC's default by omission.
   */
  private static List<String> securityGroups(Instance instance) {
    List<String> groups = instance.securityGroups().stream().map(GroupIdentifier::groupId).toList();
    if (!groups.isEmpty()) {
      return groups;
    }
    return instance.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && Integer.valueOf(0).equals(n.attachment().deviceIndex()))
        .flatMap(n -> n.groups().stream()).map(GroupIdentifier::groupId).toList();
  }

  /** The root volume and scratch volumes (deleted on termination), described once, by id. */
  private Map<String, Volume> recreatedVolumes(Instance instance) {
    List<String> ids = recreate(instance).stream().map(m -> m.ebs().volumeId()).toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    try {
      return ec2.describeVolumes(b -> b.volumeIds(ids)).volumes().stream()
          .collect(Collectors.toMap(Volume::volumeId, Function.identity(), (a, b) -> a));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeVolumes");
    }
  }

  private static List<InstanceBlockDeviceMapping> recreate(Instance instance) {
    return instance.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
        .filter(m -> m.deviceName().equals(instance.rootDeviceName())
            || Boolean.TRUE.equals(m.ebs().deleteOnTermination()))
        .toList();
  }

  /**
   * The root volume and scratch volumes (deleted on termination) are recreated with the same size
   * and type; volumes that outlive the instance hold data and are reattached, not recreated.
   */
  private static List<BlockDevice> blockDevices(Instance instance, Map<String, Volume> volumes) {
    List<BlockDevice> devices = new ArrayList<>();
    for (InstanceBlockDeviceMapping mapping : recreate(instance)) {
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

  /** Everything beyond image, type, network and storage that the replacement must have too. */
  private InstanceOptions options(Instance instance, Map<String, Volume> volumes) {
    InstanceMetadataOptionsResponse imds = instance.metadataOptions();
    InstanceOptions.MetadataOptions metadata = imds == null ? null : new InstanceOptions.MetadataOptions(
        imds.httpTokensAsString(), imds.httpPutResponseHopLimit(), imds.httpEndpointAsString(),
        imds.instanceMetadataTagsAsString(), imds.httpProtocolIpv6AsString());
    Placement placement = instance.placement();
    Optional<InstanceNetworkInterface> primary = instance.networkInterfaces().stream()
        .filter(n -> n.attachment() != null && Integer.valueOf(0).equals(n.attachment().deviceIndex()))
        .findFirst();
    boolean publicIp = primary.map(n -> assignedPublicIp(instance.instanceId(), n.association())).orElse(false);
    int secondaryIps = primary.map(n -> (int) n.privateIpAddresses().stream()
        .filter(a -> !Boolean.TRUE.equals(a.primary())).count()).orElse(0);
    int ipv6 = primary.map(n -> n.ipv6Addresses().size()).orElse(0);
    Map<String, String> volumeTags = instance.blockDeviceMappings().stream()
        .filter(m -> m.deviceName().equals(instance.rootDeviceName()) && m.ebs() != null)
        .map(m -> volumes.get(m.ebs().volumeId()))
        .filter(java.util.Objects::nonNull)
        .flatMap(v -> v.tags().stream())
        .filter(t -> !t.key().startsWith(Original.AWS_TAG_PREFIX))
        .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a, TreeMap::new));
    return new InstanceOptions(metadata,
        instance.cpuOptions() == null ? null : instance.cpuOptions().coreCount(),
        instance.cpuOptions() == null ? null : instance.cpuOptions().threadsPerCore(),
        credits(instance),
        placement == null ? null : placement.groupName(),
        placement == null ? null : placement.tenancyAsString(),
        instance.hibernationOptions() != null && Boolean.TRUE.equals(instance.hibernationOptions().configured()),
        ipv6, publicIp, secondaryIps, !Boolean.FALSE.equals(instance.sourceDestCheck()), volumeTags,
        instance.networkInterfaces().stream()
            .filter(n -> n.attachment() != null && n.attachment().deviceIndex() != null
                && n.attachment().deviceIndex() > 0 && !Boolean.TRUE.equals(n.attachment().deleteOnTermination()))
            .map(InstanceNetworkInterface::networkInterfaceId).toList());
  }

  /** Only burstable types have a credit specification, and only this call tells it. */
  private String credits(Instance instance) {
    if (!InstanceOptions.burstable(instance.instanceTypeAsString())) {
      return null;
    }
    try {
      return ec2.describeInstanceCreditSpecifications(b -> b.instanceIds(instance.instanceId()))
          .instanceCreditSpecifications().stream().map(c -> c.cpuCredits()).findFirst().orElse(null);
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeInstanceCreditSpecifications");
    }
  }
}
