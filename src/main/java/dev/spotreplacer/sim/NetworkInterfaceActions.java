package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.AttachNetworkInterfaceRequest;
import software.amazon.awssdk.services.ec2.model.AttachNetworkInterfaceResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;

/** DescribeNetworkInterfaces and AttachNetworkInterface for secondary interfaces. */
final class NetworkInterfaceActions {

  private final Market market;
  private final Filters<Interfaces.Entry> filters;

  NetworkInterfaceActions(Market market) {
    this.market = market;
    this.filters = new Filters<Interfaces.Entry>()
        .field("network-interface-id", e -> e.networkInterfaceId)
        .field("attachment.instance-id", e -> e.instanceId)
        .field("status", e -> e.status)
        .field("availability-zone", e -> e.availabilityZone)
        .tags(e -> e.tags);
  }

  DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest request) {
    Predicate<Interfaces.Entry> match = filters.compile(request.filters());
    List<Interfaces.Entry> candidates = market.interfaces().all();
    if (!request.networkInterfaceIds().isEmpty()) {
      List<String> missing = request.networkInterfaceIds().stream()
          .filter(id -> market.interfaces().get(id).isEmpty()).toList();
      if (!missing.isEmpty()) {
        throw Ec2Fault.notFound("InvalidNetworkInterfaceID.NotFound", "network interface", missing);
      }
      candidates = candidates.stream().filter(e -> request.networkInterfaceIds().contains(e.networkInterfaceId))
          .toList();
    }
    Checks.dryRun(request.dryRun());
    List<NetworkInterface> views = new ArrayList<>();
    for (Interfaces.Entry e : candidates) {
      if (match.test(e)) {
        views.add(view(e));
      }
    }
    return DescribeNetworkInterfacesResponse.builder().networkInterfaces(views).build();
  }

  AttachNetworkInterfaceResponse attachNetworkInterface(AttachNetworkInterfaceRequest request) {
    if (request.networkInterfaceId() == null || request.instanceId() == null || request.deviceIndex() == null) {
      throw Ec2Fault.missing(request.networkInterfaceId() == null ? "NetworkInterfaceId"
          : request.instanceId() == null ? "InstanceId" : "DeviceIndex");
    }
    Interfaces.Entry nic = market.interfaces().get(request.networkInterfaceId()).orElseThrow(() ->
        Ec2Fault.notFound("InvalidNetworkInterfaceID.NotFound", "network interface",
            List.of(request.networkInterfaceId())));
    InstanceEntry instance = market.instance(request.instanceId()).orElseThrow(() ->
        Ec2Fault.notFound("InvalidInstanceID.NotFound", "instance", List.of(request.instanceId())));
    Checks.dryRun(request.dryRun());
    if (!"available".equals(nic.status)) {
      throw new Ec2Fault("InvalidNetworkInterface.InUse", "Interface: [" + nic.networkInterfaceId
          + "] in use.");
    }
    if (!nic.availabilityZone.equals(instance.launch.availabilityZone())) {
      throw new Ec2Fault("InvalidParameterCombination", "You may not attach a network interface to an instance"
          + " if they are not in the same availability zone");
    }
    market.interfaces().attach(nic, instance.instanceId, request.deviceIndex(), market.now());
    return AttachNetworkInterfaceResponse.builder()
        .attachmentId("eni-attach-" + nic.networkInterfaceId.substring(4)).networkCardIndex(0).build();
  }

  private NetworkInterface view(Interfaces.Entry e) {
    NetworkInterface.Builder b = NetworkInterface.builder()
        .networkInterfaceId(e.networkInterfaceId)
        .subnetId(e.subnetId)
        .availabilityZone(e.availabilityZone)
        .vpcId(market.network().vpcId())
        .status(e.status)
        .privateIpAddress(e.privateIp)
        .privateIpAddresses(NetworkInterfacePrivateIpAddress.builder().primary(true).privateIpAddress(e.privateIp)
            .build())
        .tagSet(Views.tags(e.tags))
        .interfaceType("interface");
    if (e.instanceId != null) {
      b.attachment(NetworkInterfaceAttachment.builder().instanceId(e.instanceId).deviceIndex(e.deviceIndex)
          .status(e.attachmentState).attachTime(e.attachTime).deleteOnTermination(e.deleteOnTermination)
          .attachmentId("eni-attach-" + e.networkInterfaceId.substring(4)).build());
    }
    return b.build();
  }
}
