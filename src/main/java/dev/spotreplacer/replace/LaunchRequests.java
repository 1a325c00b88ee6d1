package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The original's launch spec as each launch API takes it: RunInstances (spot or on-demand), a
 * launch template for CreateFleet, and RequestSpotInstances' launch specification, which can carry
 * only part of it ({@link LaunchSpec#beyondSpotRequest()} says what not).
 *
 * <p>Options that depend on the instance type (CPU options, credit specification) are set only
 * where they are valid: CPU options for the original type (never on bare metal, which EC2 refuses),
 * credits for burstable types. A network
 * interface block is sent only when the original needs one (a public IP EC2 assigns, secondary
 * private IPs, IPv6); EC2 then takes the subnet and security groups from it, not from the request.
 */
final class LaunchRequests {

  static final java.util.Set<String> IOPS_TYPES = java.util.Set.of("io1", "io2", "gp3");

  private LaunchRequests() {}

  /**
   * RunInstances for one instance of {@code type} in {@code subnetId}, tagged at launch with the
   * link, the handover {@code plan} and the original's tags; no market options.
   */
  static RunInstancesRequest.Builder runInstances(Original original, String type, String subnetId,
      Map<String, String> plan) {
    LaunchSpec spec = original.spec();
    InstanceOptions options = spec.options();
    RunInstancesRequest.Builder run = RunInstancesRequest.builder()
        .imageId(spec.imageId())
        .instanceType(type)
        .minCount(1)
        .maxCount(1)
        .ebsOptimized(spec.ebsOptimized())
        .monitoring(m -> m.enabled(spec.monitoring()))
        .blockDeviceMappings(mappings(spec.blockDevices()))
        .tagSpecifications(tagSpecifications(original, plan));
    if (needsInterface(options)) {
      run.networkInterfaces(primaryInterface(spec, subnetId));
    } else {
      run.subnetId(subnetId);
      if (!spec.securityGroupIds().isEmpty()) {
        run.securityGroupIds(spec.securityGroupIds());
      }
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
    InstanceOptions.MetadataOptions imds = options.metadata();
    if (imds != null) {
      run.metadataOptions(m -> m.httpTokens(imds.httpTokens()).httpPutResponseHopLimit(imds.httpPutResponseHopLimit())
          .httpEndpoint(imds.httpEndpoint()).instanceMetadataTags(imds.instanceMetadataTags())
          .httpProtocolIpv6(imds.httpProtocolIpv6()));
    }
    if (options.coreCount() != null && type.equals(spec.instanceType()) && !type.contains(".metal")) {
      run.cpuOptions(c -> c.coreCount(options.coreCount()).threadsPerCore(options.threadsPerCore()));
    }
    if (options.creditSpecification() != null && InstanceOptions.burstable(type)) {
      run.creditSpecification(c -> c.cpuCredits(options.creditSpecification()));
    }
    if (options.placementGroup() != null || !"default".equals(options.tenancy())) {
      run.placement(p -> p.groupName(options.placementGroup()).tenancy(options.tenancy()));
    }
    if (options.hibernation()) {
      run.hibernationOptions(h -> h.configured(true));
    }
    return run;
  }

  /** A launch template for CreateFleet over {@code types}; CPU options only if every pool is the original type. */
  static RequestLaunchTemplateData templateData(Original original, List<String> types) {
    LaunchSpec spec = original.spec();
    InstanceOptions options = spec.options();
    RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
        .imageId(spec.imageId())
        .ebsOptimized(spec.ebsOptimized())
        .monitoring(m -> m.enabled(spec.monitoring()))
        .blockDeviceMappings(mappings(spec.blockDevices()).stream().map(LaunchRequests::templateMapping).toList());
    if (!options.volumeTags().isEmpty()) {
      data.tagSpecifications(LaunchTemplateTagSpecificationRequest.builder()
          .resourceType(ResourceType.VOLUME).tags(tags(options.volumeTags())).build());
    }
    if (needsInterface(options)) {
      data.networkInterfaces(LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder()
          .deviceIndex(0).groups(spec.securityGroupIds())
          .associatePublicIpAddress(options.associatePublicIp() ? Boolean.TRUE : null)
          .secondaryPrivateIpAddressCount(options.secondaryPrivateIpCount() > 0 ? options.secondaryPrivateIpCount() : null)
          .ipv6AddressCount(options.ipv6AddressCount() > 0 ? options.ipv6AddressCount() : null)
          .deleteOnTermination(true)
          .build());
    } else if (!spec.securityGroupIds().isEmpty()) {
      data.securityGroupIds(spec.securityGroupIds());
    }
    if (spec.keyName() != null) {
      data.keyName(spec.keyName());
    }
    if (spec.iamInstanceProfileArn() != null) {
      data.iamInstanceProfile(LaunchTemplateIamInstanceProfileSpecificationRequest.builder()
          .arn(spec.iamInstanceProfileArn()).build());
    }
    if (spec.userData() != null) {
      data.userData(spec.userData());
    }
    InstanceOptions.MetadataOptions imds = options.metadata();
    if (imds != null) {
      data.metadataOptions(m -> m.httpTokens(imds.httpTokens()).httpPutResponseHopLimit(imds.httpPutResponseHopLimit())
          .httpEndpoint(imds.httpEndpoint()).instanceMetadataTags(imds.instanceMetadataTags())
          .httpProtocolIpv6(imds.httpProtocolIpv6()));
    }
    if (options.coreCount() != null && !spec.instanceType().contains(".metal")
        && types.stream().allMatch(spec.instanceType()::equals)) {
      data.cpuOptions(c -> c.coreCount(options.coreCount()).threadsPerCore(options.threadsPerCore()));
    }
    if (options.creditSpecification() != null && types.stream().allMatch(InstanceOptions::burstable)) {
      data.creditSpecification(c -> c.cpuCredits(options.creditSpecification()));
    }
    if (options.placementGroup() != null || !"default".equals(options.tenancy())) {
      data.placement(p -> p.groupName(options.placementGroup()).tenancy(options.tenancy()));
    }
    if (options.hibernation()) {
      data.hibernationOptions(h -> h.configured(true));
    }
    return data.build();
  }

  /** The part RequestSpotInstances can carry: placement group, tenancy and the primary interface's addresses. */
  static void spotRequest(RequestSpotLaunchSpecification.Builder launch, Original original, Pool pool) {
    LaunchSpec spec = original.spec();
    InstanceOptions options = spec.options();
    launch.placement(p -> p.availabilityZone(pool.availabilityZone()).groupName(options.placementGroup())
        .tenancy("default".equals(options.tenancy()) ? null : options.tenancy()));
    if (needsInterface(options)) {
      launch.networkInterfaces(primaryInterface(spec, pool.subnetId()));
      return;
    }
    launch.subnetId(pool.subnetId());
    if (!spec.securityGroupIds().isEmpty()) {
      launch.securityGroupIds(spec.securityGroupIds());
    }
  }

  private static InstanceNetworkInterfaceSpecification primaryInterface(LaunchSpec spec, String subnetId) {
    InstanceOptions options = spec.options();
    return InstanceNetworkInterfaceSpecification.builder()
        .deviceIndex(0).subnetId(subnetId).groups(spec.securityGroupIds())
        .associatePublicIpAddress(options.associatePublicIp() ? Boolean.TRUE : null)
        .secondaryPrivateIpAddressCount(options.secondaryPrivateIpCount() > 0 ? options.secondaryPrivateIpCount() : null)
        .ipv6AddressCount(options.ipv6AddressCount() > 0 ? options.ipv6AddressCount() : null)
        .deleteOnTermination(true)
        .build();
  }

  /** A public IP EC2 assigns, secondary private IPs or IPv6 addresses are asked for on the interface. */
  private static boolean needsInterface(InstanceOptions options) {
    return options.associatePublicIp() || options.secondaryPrivateIpCount() > 0 || options.ipv6AddressCount() > 0;
  }

  /** The instance (link tag and the original's tags) and, when the original's root volume had tags, its volumes. */
  static List<TagSpecification> tagSpecifications(Original original, Map<String, String> plan) {
    List<TagSpecification> specs = new ArrayList<>();
    specs.add(ReplacementTags.onInstance(original, plan));
    Map<String, String> volumeTags = original.spec().options().volumeTags();
    if (!volumeTags.isEmpty()) {
      specs.add(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags(volumeTags)).build());
    }
    return specs;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  static List<BlockDeviceMapping> mappings(List<BlockDevice> devices) {
    return devices.stream().map(d -> {
      EbsBlockDevice.Builder ebs = EbsBlockDevice.builder()
          .volumeSize(d.volumeSizeGiB())
          .volumeType(d.volumeType())
          .deleteOnTermination(d.deleteOnTermination());
      if (d.volumeType() != null && IOPS_TYPES.contains(d.volumeType())) {
        ebs.iops(d.iops());
      }
      if ("gp3".equals(d.volumeType())) {
        ebs.throughput(d.throughput());
      }
      if (Boolean.TRUE.equals(d.encrypted())) {
        ebs.encrypted(true).kmsKeyId(d.kmsKeyId());
      }
      return BlockDeviceMapping.builder().deviceName(d.deviceName()).ebs(ebs.build()).build();
    }).toList();
  }

  /** The same mapping in a launch template's terms. */
  private static LaunchTemplateBlockDeviceMappingRequest templateMapping(BlockDeviceMapping mapping) {
    EbsBlockDevice e = mapping.ebs();
    return LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(mapping.deviceName())
        .ebs(LaunchTemplateEbsBlockDeviceRequest.builder().volumeSize(e.volumeSize()).volumeType(e.volumeTypeAsString())
            .deleteOnTermination(e.deleteOnTermination()).iops(e.iops()).throughput(e.throughput())
            .encrypted(e.encrypted()).kmsKeyId(e.kmsKeyId()).build())
        .build();
  }
}
