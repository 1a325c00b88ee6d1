package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** The default VPC: its subnets (one CIDR block each), zones and private address allocation. */
final class Network {

  /** A subnet and the /20 it owns inside 172.31.0.0/16, as in a default VPC. */
  record Subnet(String subnetId, String availabilityZone, int index) {
    String cidrBlock() {
      return "172.31." + (index % 16 * 16) + ".0/20";
    }
  }

  private final String region;
  private final String vpcId;
  private final Map<String, Subnet> subnets = new LinkedHashMap<>();
  private final Map<String, Integer> allocated = new LinkedHashMap<>();
  private final TreeSet<String> zones = new TreeSet<>();

  Network(Scenario scenario, long seed) {
    this.region = scenario.region();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5eedL);
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    this.vpcId = "vpc-" + hex;
    scenario.subnetZones().forEach(this::add);
    scenario.pools().forEach(pool -> zones.add(pool.availabilityZone()));
  }

  String vpcId() {
    return vpcId;
  }

  String region() {
    return region;
  }

  Optional<Subnet> subnet(String subnetId) {
    return Optional.ofNullable(subnets.get(subnetId));
  }

  List<Subnet> subnets() {
    return new ArrayList<>(subnets.values());
  }

  /** The first subnet in a zone, creating the zone's default subnet when the scenario has none there. */
  String subnetIn(String availabilityZone) {
    return subnets.values().stream()
        .filter(s -> s.availabilityZone().equals(availabilityZone))
        .map(Subnet::subnetId)
        .findFirst()
        .orElseGet(() -> add(Scenario.defaultSubnetId(availabilityZone), availabilityZone).subnetId());
  }

  List<String> zones() {
    return new ArrayList<>(zones);
  }

  /** Zone ids look like use1-az1: the region's initials and the zone letter's position. */
  String zoneId(String availabilityZone) {
    StringBuilder prefix = new StringBuilder();
    String[] parts = region.split("-");
    prefix.append(parts[0]);
    for (int i = 1; i < parts.length - 1; i++) {
      prefix.append(parts[i].charAt(0));
    }
    prefix.append(parts[parts.length - 1]);
    char letter = availabilityZone.charAt(availabilityZone.length() - 1);
    return prefix + "-az" + (letter - 'a' + 1);
  }

  /** The next free private address of a subnet, in allocation order (deterministic). */
  String allocatePrivateIp(String subnetId) {
    Subnet subnet = subnets.get(subnetId);
    int next = allocated.merge(subnetId, 1, Integer::sum) + 9;
    return "172.31." + (subnet.index() % 16 * 16 + next / 250 % 16) + "." + (next % 250 + 4);
  }

  int availableIpAddressCount(String subnetId) {
    return 4091 - allocated.getOrDefault(subnetId, 0);
  }

  private Subnet add(String subnetId, String availabilityZone) {
    Subnet subnet = new Subnet(subnetId, availabilityZone, subnets.size());
    subnets.put(subnetId, subnet);
    zones.add(availabilityZone);
    return subnet;
  }
}
