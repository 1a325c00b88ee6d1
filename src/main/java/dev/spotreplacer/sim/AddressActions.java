package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AssociateAddressRequest;
import software.amazon.awssdk.services.ec2.model.AssociateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesResponse;
import software.amazon.awssdk.services.ec2.model.DisassociateAddressRequest;
import software.amazon.awssdk.services.ec2.model.DisassociateAddressResponse;

/** DescribeAddresses, AssociateAddress and DisassociateAddress for VPC Elastic IPs. */
final class AddressActions {

  private final Market market;
  private final Filters<AddressEntry> filters;

  AddressActions(Market market) {
    this.market = market;
    this.filters = new Filters<AddressEntry>()
        .field("allocation-id", a -> a.allocationId)
        .field("association-id", a -> a.associationId)
        .field("instance-id", a -> a.instanceId)
        .field("public-ip", a -> a.publicIp)
        .field("domain", a -> "vpc")
        .field("private-ip-address", a -> privateIp(a));
  }

  DescribeAddressesResponse describeAddresses(DescribeAddressesRequest request) {
    Predicate<AddressEntry> match = filters.compile(request.filters());
    List<AddressEntry> candidates = new ArrayList<>();
    List<String> allocationIds = Checks.distinct(request.allocationIds());
    List<String> publicIps = Checks.distinct(request.publicIps());
    if (allocationIds.isEmpty() && publicIps.isEmpty()) {
      candidates.addAll(market.addresses().all());
    }
    for (String id : allocationIds) {
      candidates.add(market.addresses().address(id).orElseThrow(() -> new Ec2Fault("InvalidAllocationID.NotFound",
          "The allocation ID '" + id + "' does not exist")));
    }
    for (String ip : publicIps) {
      candidates.add(market.addresses().all().stream().filter(a -> a.publicIp.equals(ip)).findFirst()
          .orElseThrow(() -> new Ec2Fault("InvalidAddress.NotFound", "Address '" + ip + "' not found.")));
    }
    Checks.dryRun(request.dryRun());
    return DescribeAddressesResponse.builder()
        .addresses(candidates.stream().distinct().filter(match).map(this::view).toList())
        .build();
  }

  AssociateAddressResponse associateAddress(AssociateAddressRequest request) {
    if (request.allocationId() == null) {
      // EC2-Classic style PublicIp-only association does not exist in a VPC.
      throw Ec2Fault.missing("AllocationId");
    }
    if (request.instanceId() == null) {
      throw Ec2Fault.missing("InstanceId");
    }
    AddressEntry address = market.addresses().address(request.allocationId()).orElseThrow(() -> new Ec2Fault(
        "InvalidAllocationID.NotFound", "The allocation ID '" + request.allocationId() + "' does not exist"));
    Checks.instanceIdFormat(request.instanceId());
    InstanceEntry instance = market.instance(request.instanceId()).orElseThrow(
        () -> Ec2Fault.notFound("InvalidInstanceID.NotFound", "instance", List.of(request.instanceId())));
    if (!"running".equals(instance.state()) && !"stopped".equals(instance.state())) {
      throw new Ec2Fault("IncorrectInstanceState", "The instance '" + instance.instanceId
          + "' is not in a valid state for this operation.");
    }
    boolean elsewhere = address.instanceId != null && !address.instanceId.equals(instance.instanceId);
    if (elsewhere && !Boolean.TRUE.equals(request.allowReassociation())) {
      throw new Ec2Fault("Resource.AlreadyAssociated", "resource " + address.allocationId
          + " is already associated with associate-id " + address.associationId);
    }
    Checks.dryRun(request.dryRun());
    if (!instance.instanceId.equals(address.instanceId)) {
      // Another address on the instance is replaced by this one (one public address per primary interface).
      market.addresses().all().stream()
          .filter(other -> other != address && instance.instanceId.equals(other.instanceId))
          .forEach(AddressEntry::disassociate);
      address.associate(instance.instanceId, market.ids().association());
    }
    return AssociateAddressResponse.builder().associationId(address.associationId).build();
  }

  DisassociateAddressResponse disassociateAddress(DisassociateAddressRequest request) {
    if (request.associationId() == null) {
      throw Ec2Fault.missing("AssociationId");
    }
    AddressEntry address = market.addresses().all().stream()
        .filter(a -> request.associationId().equals(a.associationId))
        .findFirst()
        .orElseThrow(() -> new Ec2Fault("InvalidAssociationID.NotFound",
            "The association ID '" + request.associationId() + "' does not exist"));
    Checks.dryRun(request.dryRun());
    address.disassociate();
    return DisassociateAddressResponse.builder().build();
  }

  private String privateIp(AddressEntry address) {
    return address.instanceId == null ? null
        : market.knownInstance(address.instanceId).map(i -> i.privateIp).orElse(null);
  }

  private Address view(AddressEntry address) {
    Address.Builder builder = Address.builder()
        .allocationId(address.allocationId)
        .publicIp(address.publicIp)
        .domain("vpc")
        .publicIpv4Pool("amazon")
        .networkBorderGroup(market.network().region());
    if (address.instanceId != null) {
      builder.instanceId(address.instanceId)
          .associationId(address.associationId)
          .networkInterfaceId("eni-" + address.instanceId.substring(2))
          .networkInterfaceOwnerId(Market.ACCOUNT_ID)
          .privateIpAddress(privateIp(address));
    }
    return builder.build();
  }
}
