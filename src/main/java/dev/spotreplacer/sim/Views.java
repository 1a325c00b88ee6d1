package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CpuOptions;
import software.amazon.awssdk.services.ec2.model.EbsInstanceBlockDevice;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.HibernationOptions;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfile;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAssociation;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsResponse;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.InstancePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.LaunchSpecification;
import software.amazon.awssdk.services.ec2.model.Monitoring;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceStateFault;
import software.amazon.awssdk.services.ec2.model.SpotInstanceStatus;
import software.amazon.awssdk.services.ec2.model.StateReason;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Turns the market's entries into the SDK's response shapes, with the details EC2 fills in. */
final class Views {

  static final String DEFAULT_GROUP_ID = "sg-0123456789abcdef0";

  private Views() {}

  static List<Tag> tags(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>(tags.size());
    tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
    return list;
  }

  static InstanceState state(String name) {
    return InstanceState.builder().code(InstanceEntry.stateCode(name)).name(name).build();
  }

  static List<GroupIdentifier> groups(List<String> groupIds) {
    return groupIds.stream().map(id -> GroupIdentifier.builder().groupId(id).groupName(groupName(id)).build()).toList();
  }

  static String groupName(String groupId) {
    return DEFAULT_GROUP_ID.equals(groupId) ? "default" : "group-" + groupId.substring(3, Math.min(groupId.length(), 11));
  }

  /** Security groups named in a request get a stable made-up id. */
  static String groupIdForName(String name) {
    if ("default".equals(name)) {
      return DEFAULT_GROUP_ID;
    }
    return "sg-0" + String.format("%016x", (long) name.hashCode() & 0xffffffffL);
  }

  static Instance instance(InstanceEntry entry, Network network, Volumes volumes) {
    return instance(entry, network, volumes, List.of());
  }

  /** With the secondary interfaces attached to it, after its primary one. */
  static Instance instance(InstanceEntry entry, Network network, Volumes volumes, List<Interfaces.Entry> secondary) {
    LaunchParams launch = entry.launch;
    String suffix = entry.instanceId.substring(2);
    String privateDns = "ip-" + entry.privateIp.replace('.', '-')
        + ("us-east-1".equals(network.region()) ? ".ec2.internal" : "." + network.region() + ".compute.internal");
    boolean terminated = "terminated".equals(entry.state());
    LaunchOptions options = launch.options();
    Instance.Builder builder = Instance.builder()
        .instanceId(entry.instanceId)
        .imageId(launch.imageId())
        .state(state(entry.state()))
        .privateDnsName(terminated ? "" : privateDns)
        .publicDnsName("")
        .stateTransitionReason(entry.transitionReason())
        .keyName(launch.keyName())
        .amiLaunchIndex(0)
        .productCodes(List.of())
        .instanceType(launch.instanceType())
        .launchTime(entry.launchTime)
        .placement(Placement.builder()
            .availabilityZone(launch.availabilityZone())
            .availabilityZoneId(network.zoneId(launch.availabilityZone()))
            .groupName(options.placementGroup() == null ? "" : options.placementGroup())
            .tenancy(options.tenancy())
            .build())
        .monitoring(Monitoring.builder().state(launch.monitoring() ? "enabled" : "disabled").build())
        .architecture("x86_64")
        .rootDeviceType("ebs")
        .rootDeviceName(LaunchParams.ROOT_DEVICE)
        .blockDeviceMappings(terminated ? List.of() : blockDevices(entry, volumes))
        .virtualizationType("hvm")
        .clientToken(entry.clientToken == null ? "" : entry.clientToken)
        .tags(tags(entry.tags))
        .securityGroups(terminated ? List.of() : groups(launch.securityGroupIds()))
        // Like the subnet and addresses, absent from a terminated instance.
        .sourceDestCheck(terminated ? null : entry.sourceDestCheck)
        .hypervisor("xen")
        .networkInterfaces(terminated ? List.of() : interfaces(entry, network, suffix, privateDns, secondary))
        .ebsOptimized(launch.ebsOptimized())
        .enaSupport(true)
        .cpuOptions(CpuOptions.builder()
            .coreCount(options.coreCount() == null ? 1 : options.coreCount())
            .threadsPerCore(options.threadsPerCore() == null ? 2 : options.threadsPerCore()).build())
        .metadataOptions(InstanceMetadataOptionsResponse.builder()
            .state("applied").httpTokens(options.httpTokens()).httpPutResponseHopLimit(options.httpPutResponseHopLimit())
            .httpEndpoint(options.httpEndpoint()).instanceMetadataTags(options.instanceMetadataTags())
            .httpProtocolIpv6("disabled").build())
        .hibernationOptions(HibernationOptions.builder().configured(options.hibernation()).build())
        .platformDetails(launch.platform())
        .usageOperation("RunInstances")
        .usageOperationUpdateTime(entry.launchTime);
    if (launch.platform().toLowerCase(java.util.Locale.ROOT).contains("windows")) {
      builder.platform("windows");
    }
    if ("spot".equals(entry.lifecycle)) {
      builder.instanceLifecycle("spot").spotInstanceRequestId(entry.spotInstanceRequestId);
    }
    if (!terminated) {
      // EC2 strips a terminated instance of its network and profile; a launch spec cannot be rebuilt from it.
      builder.subnetId(launch.subnetId()).vpcId(network.vpcId()).privateIpAddress(entry.privateIp);
    }
    if (launch.iamInstanceProfileArn() != null && !terminated) {
      builder.iamInstanceProfile(IamInstanceProfile.builder()
          .arn(launch.iamInstanceProfileArn())
          .id("AIPA" + HexFormat.of().withUpperCase().toHexDigits(launch.iamInstanceProfileArn().hashCode()) + "EXAMPLE")
          .build());
    }
    if (entry.publicIp != null && !terminated) {
      builder.publicIpAddress(entry.publicIp).publicDnsName("ec2-" + entry.publicIp.replace('.', '-')
          + ".compute-1.amazonaws.com");
    }
    if (entry.stateReasonCode() != null) {
      builder.stateReason(StateReason.builder().code(entry.stateReasonCode()).message(entry.stateReasonMessage()).build());
    }
    return builder.build();
  }

  /** The instance's current attachments (launch-time and attached later), detaching ones included. */
  static List<InstanceBlockDeviceMapping> blockDevices(InstanceEntry entry, Volumes volumes) {
    return volumes.attachedTo(entry.instanceId).stream()
        .sorted(java.util.Comparator.comparing((VolumeEntry v) -> v.attachment.attachTime))
        .map(volume -> InstanceBlockDeviceMapping.builder()
            .deviceName(volume.attachment.device)
            .ebs(EbsInstanceBlockDevice.builder()
                .volumeId(volume.volumeId)
                .status(volume.attachment.state)
                .attachTime(volume.attachment.attachTime)
                .deleteOnTermination(volume.attachment.deleteOnTermination)
                .build())
            .build())
        .toList();
  }

  private static InstanceNetworkInterface networkInterface(
      InstanceEntry entry, Network network, String suffix, String privateDns) {
    return InstanceNetworkInterface.builder()
        .networkInterfaceId("eni-" + suffix)
        .subnetId(entry.launch.subnetId())
        .vpcId(network.vpcId())
        .description("")
        .ownerId(Market.ACCOUNT_ID)
        .status("in-use")
        .macAddress("0a:" + suffix.substring(0, 2) + ":" + suffix.substring(2, 4) + ":" + suffix.substring(4, 6) + ":"
            + suffix.substring(6, 8) + ":01")
        .privateIpAddress(entry.privateIp)
        .privateDnsName(privateDns)
        .sourceDestCheck(entry.sourceDestCheck)
        .groups(groups(entry.launch.securityGroupIds()))
        .attachment(InstanceNetworkInterfaceAttachment.builder()
            .attachmentId("eni-attach-" + suffix)
            .deviceIndex(0)
            .networkCardIndex(0)
            .status("attached")
            .attachTime(entry.launchTime)
            .deleteOnTermination(true)
            .build())
        .privateIpAddresses(privateIps(entry, privateDns))
        .ipv6Addresses(entry.ipv6Addresses.stream()
            .map(a -> InstanceIpv6Address.builder().ipv6Address(a).build()).toList())
        .association(entry.publicIp == null ? null : InstanceNetworkInterfaceAssociation.builder()
            .publicIp(entry.publicIp).ipOwnerId("amazon").build())
        .interfaceType("interface")
        .build();
  }

  private static List<InstanceNetworkInterface> interfaces(InstanceEntry entry, Network network, String suffix,
      String privateDns, List<Interfaces.Entry> secondary) {
    List<InstanceNetworkInterface> all = new ArrayList<>();
    all.add(networkInterface(entry, network, suffix, privateDns));
    secondary.forEach(nic -> all.add(secondaryInterface(nic, network)));
    return all;
  }

  static InstanceNetworkInterface secondaryInterface(Interfaces.Entry nic, Network network) {
    return InstanceNetworkInterface.builder()
        .networkInterfaceId(nic.networkInterfaceId)
        .subnetId(nic.subnetId)
        .vpcId(network.vpcId())
        .status(nic.status)
        .privateIpAddress(nic.privateIp)
        .privateIpAddresses(InstancePrivateIpAddress.builder().primary(true).privateIpAddress(nic.privateIp).build())
        .attachment(InstanceNetworkInterfaceAttachment.builder()
            .attachmentId("eni-attach-" + nic.networkInterfaceId.substring(4))
            .deviceIndex(nic.deviceIndex)
            .status(nic.attachmentState)
            .attachTime(nic.attachTime)
            .deleteOnTermination(nic.deleteOnTermination)
            .build())
        .interfaceType("interface")
        .build();
  }

  private static List<InstancePrivateIpAddress> privateIps(InstanceEntry entry, String privateDns) {
    List<InstancePrivateIpAddress> ips = new ArrayList<>();
    ips.add(InstancePrivateIpAddress.builder().primary(true).privateIpAddress(entry.privateIp)
        .privateDnsName(privateDns).build());
    entry.secondaryPrivateIps.forEach(ip -> ips.add(InstancePrivateIpAddress.builder().primary(false)
        .privateIpAddress(ip).build()));
    return ips;
  }

  /**
   * A request's max price as EC2 shows it: "0.05" is described as "0.050000" (six decimals, as in
   * DescribeSpotInstanceRequests' documented example and as prices are listed), not as sent.
   */
  static String maxPrice(String sent) {
    if (sent == null) {
      return null;
    }
    BigDecimal price = new BigDecimal(sent);
    return price.setScale(Math.max(6, price.scale())).toPlainString();
  }

  static SpotInstanceRequest spotRequest(SpotRequestEntry entry, Network network) {
    SpotInstanceRequest.Builder builder = SpotInstanceRequest.builder()
        .spotInstanceRequestId(entry.spotInstanceRequestId)
        .spotPrice(maxPrice(entry.spotPrice))
        .type(entry.type)
        .state(entry.state)
        .status(SpotInstanceStatus.builder()
            .code(entry.statusCode)
            .message(entry.statusMessage)
            .updateTime(entry.statusUpdateTime)
            .build())
        .validFrom(entry.validFrom)
        .validUntil(entry.validUntil)
        .launchSpecification(launchSpecification(entry.launchSpecification))
        .instanceId(entry.instanceId)
        .createTime(entry.createTime)
        .productDescription(entry.productDescription)
        .tags(tags(entry.tags))
        .instanceInterruptionBehavior(entry.interruptionBehavior);
    if (entry.launchedAvailabilityZone != null) {
      builder.launchedAvailabilityZone(entry.launchedAvailabilityZone)
          .launchedAvailabilityZoneId(network.zoneId(entry.launchedAvailabilityZone));
    }
    if ("failed".equals(entry.state)) {
      builder.fault(SpotInstanceStateFault.builder().code(entry.statusCode).message(entry.statusMessage).build());
    }
    return builder.build();
  }

  private static LaunchSpecification launchSpecification(RequestSpotLaunchSpecification spec) {
    List<String> groupIds = new ArrayList<>();
    if (spec.hasSecurityGroupIds()) {
      groupIds.addAll(spec.securityGroupIds());
    }
    if (spec.hasSecurityGroups()) {
      spec.securityGroups().forEach(name -> groupIds.add(groupIdForName(name)));
    }
    LaunchSpecification.Builder builder = LaunchSpecification.builder()
        .imageId(spec.imageId())
        .instanceType(spec.instanceTypeAsString())
        .keyName(spec.keyName())
        .subnetId(spec.subnetId())
        .placement(spec.placement())
        .monitoring(spec.monitoring())
        .ebsOptimized(spec.ebsOptimized())
        .iamInstanceProfile(spec.iamInstanceProfile())
        .userData(spec.userData());
    if (!groupIds.isEmpty()) {
      builder.securityGroups(groups(groupIds));
    }
    if (spec.hasBlockDeviceMappings()) {
      builder.blockDeviceMappings(spec.blockDeviceMappings());
    }
    if (spec.hasNetworkInterfaces()) {
      builder.networkInterfaces(spec.networkInterfaces());
    }
    return builder.build();
  }
}
