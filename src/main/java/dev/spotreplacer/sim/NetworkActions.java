package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** DescribeSubnets and DescribeAvailabilityZones. */
final class NetworkActions {

  private final Market market;
  private final Filters<Network.Subnet> subnetFilters;
  private final Filters<String> zoneFilters;

  NetworkActions(Market market) {
    this.market = market;
    Network network = market.network();
    this.subnetFilters = new Filters<Network.Subnet>()
        .field("subnet-id", Network.Subnet::subnetId)
        .field("availability-zone", Network.Subnet::availabilityZone)
        .field("availability-zone-id", s -> network.zoneId(s.availabilityZone()))
        .field("vpc-id", s -> network.vpcId())
        .field("state", s -> "available")
        .field("cidr-block", Network.Subnet::cidrBlock)
        .field("default-for-az", s -> String.valueOf(isDefaultForZone(s)))
        .field("owner-id", s -> Market.ACCOUNT_ID);
    this.zoneFilters = new Filters<String>()
        .field("zone-name", zone -> zone)
        .field("zone-id", network::zoneId)
        .field("region-name", zone -> network.region())
        .field("state", zone -> "available")
        .field("zone-type", zone -> "availability-zone")
        .field("group-name", zone -> network.region());
  }

  DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
    Network network = market.network();
    Predicate<Network.Subnet> match = subnetFilters.compile(request.filters());
    List<String> ids = Checks.distinct(request.subnetIds());
    List<Network.Subnet> candidates = new ArrayList<>();
    if (ids.isEmpty()) {
      candidates.addAll(network.subnets());
    } else {
      List<String> missing = new ArrayList<>();
      for (String id : ids) {
        network.subnet(id).ifPresentOrElse(candidates::add, () -> missing.add(id));
      }
      if (!missing.isEmpty()) {
        throw Ec2Fault.notFound("InvalidSubnetID.NotFound", "subnet", missing);
      }
    }
    Checks.dryRun(request.dryRun());
    List<Network.Subnet> selected = candidates.stream().filter(match).toList();
    Paging.Page<Network.Subnet> page = Paging.page(selected, request.maxResults(), request.nextToken(), 5, 1000);
    return DescribeSubnetsResponse.builder()
        .subnets(page.items().stream().map(this::view).toList())
        .nextToken(page.nextToken())
        .build();
  }

  private Subnet view(Network.Subnet subnet) {
    Network network = market.network();
    return Subnet.builder()
        .subnetId(subnet.subnetId())
        .subnetArn("arn:aws:ec2:" + network.region() + ":" + Market.ACCOUNT_ID + ":subnet/" + subnet.subnetId())
        .state("available")
        .vpcId(network.vpcId())
        .cidrBlock(subnet.cidrBlock())
        .availableIpAddressCount(network.availableIpAddressCount(subnet.subnetId()))
        .availabilityZone(subnet.availabilityZone())
        .availabilityZoneId(network.zoneId(subnet.availabilityZone()))
        .defaultForAz(isDefaultForZone(subnet))
        .mapPublicIpOnLaunch(true)
        .assignIpv6AddressOnCreation(false)
        .ipv6CidrBlockAssociationSet(List.of())
        .ownerId(Market.ACCOUNT_ID)
        .tags(List.of())
        .build();
  }

  private boolean isDefaultForZone(Network.Subnet subnet) {
    return market.network().subnetIn(subnet.availabilityZone()).equals(subnet.subnetId());
  }

  DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
    Network network = market.network();
    Predicate<String> match = zoneFilters.compile(request.filters());
    List<String> zones = network.zones();
    for (String name : request.zoneNames()) {
      if (!zones.contains(name)) {
        throw Ec2Fault.invalid("ZoneName", name, "Invalid availability zone: [" + name + "]");
      }
    }
    Checks.dryRun(request.dryRun());
    List<String> names = request.zoneNames();
    List<String> ids = request.zoneIds();
    return DescribeAvailabilityZonesResponse.builder()
        .availabilityZones(zones.stream()
            .filter(zone -> names.isEmpty() || names.contains(zone))
            .filter(zone -> ids.isEmpty() || ids.contains(network.zoneId(zone)))
            .filter(match)
            .map(zone -> AvailabilityZone.builder()
                .zoneName(zone)
                .zoneId(network.zoneId(zone))
                .state("available")
                .regionName(network.region())
                .zoneType("availability-zone")
                .optInStatus("opt-in-not-required")
                .groupName(network.region())
                .networkBorderGroup(network.region())
                .messages(List.of())
                .build())
            .toList())
        .build();
  }
}
