package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** Lists the candidate pools for a replacement and ranks them by the spot price in force. */
final class PoolChooser {

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;

  PoolChooser(Ec2Client ec2, Settings settings, Clock clock) {
    this.ec2 = ec2;
    this.settings = settings;
    this.clock = clock;
  }

  /** The candidates, cheapest first, and those without a price (not offered there) apart. */
  Ranking rank(Original original) {
    return rank(original, null);
  }

  /**
   * As {@link #rank(Original)}, restricted to {@code requiredZone} when not null (data volumes
   * attach only within their zone); the original subnet serves if no configured one is there.
   */
  Ranking rank(Original original, String requiredZone) {
    Map<String, String> subnetByZone = subnetsByZone(original);
    if (requiredZone != null) {
      subnetByZone.keySet().retainAll(Set.of(requiredZone));
      if (subnetByZone.isEmpty() && requiredZone.equals(original.spec().availabilityZone())) {
        subnetByZone.put(requiredZone, original.spec().subnetId());
      }
    }
    List<String> types = List.of(original.spec().instanceType());
    Map<String, SpotPrice> latest = prices(types, subnetByZone.keySet(), original.platform());

    List<PricedPool> priced = new ArrayList<>();
    List<Pool> unpriced = new ArrayList<>();
    for (String type : types) {
      subnetByZone.forEach((zone, subnet) -> {
        Pool pool = new Pool(type, zone, subnet);
        SpotPrice price = latest.get(key(type, zone));
        if (price == null) {
          unpriced.add(pool);
        } else {
          priced.add(new PricedPool(pool, new BigDecimal(price.spotPrice()), price.timestamp()));
        }
      });
    }
    priced.sort(Comparator.comparing(PricedPool::price)
        .thenComparing(p -> p.pool().availabilityZone())
        .thenComparing(p -> p.pool().instanceType()));
    return new Ranking(priced, unpriced);
  }

  /** Zone to subnet, in a stable order; the first subnet named for a zone wins. */
  private Map<String, String> subnetsByZone(Original original) {
    Map<String, String> byZone = new LinkedHashMap<>();
    if (settings.subnetIds().isEmpty()) {
      byZone.put(original.spec().availabilityZone(), original.spec().subnetId());
      return byZone;
    }
    List<Subnet> subnets;
    try {
      subnets = ec2.describeSubnets(b -> b.subnetIds(settings.subnetIds())).subnets();
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidSubnetID.NotFound")) {
        throw new StepFailure("unknown-subnet", "SUBNET_IDS names a subnet EC2 does not know in this"
            + " region: " + e.getMessage(), e);
      }
      throw Ec2Errors.translate(e, "DescribeSubnets");
    }
    Map<String, String> zoneOf = new HashMap<>();
    subnets.forEach(s -> zoneOf.put(s.subnetId(), s.availabilityZone()));
    for (String id : settings.subnetIds()) {
      String zone = zoneOf.get(id);
      if (zone != null) {
        byZone.putIfAbsent(zone, id);
      }
    }
    return byZone;
  }

  /** The latest price per "type zone": prices are per pool, not per subnet. */
  private Map<String, SpotPrice> prices(List<String> types, Set<String> zones, String platform) {
    Instant now = clock.instant();
    Map<String, SpotPrice> latest = new HashMap<>();
    try {
      // With a start time EC2 also returns the last change before it: the price in force.
      ec2.describeSpotPriceHistoryPaginator(b -> b
              .instanceTypesWithStrings(types)
              .productDescriptions(productDescriptions(platform))
              .filters(Filter.builder().name("availability-zone").values(zones).build())
              .startTime(now.minus(settings.priceWindow()))
              .endTime(now))
          .spotPriceHistory()
          .forEach(price -> latest.merge(key(price.instanceTypeAsString(), price.availabilityZone()),
              price, (a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeSpotPriceHistory");
    }
    return latest;
  }

  private static String key(String type, String zone) {
    return type + " " + zone;
  }

  /** Spot prices are listed per platform, with and without the old "(Amazon VPC)" suffix. */
  static List<String> productDescriptions(String platform) {
    String base = platform == null || platform.isBlank() ? "Linux/UNIX" : platform;
    return List.of(base, base + " (Amazon VPC)");
  }

  /** Priced candidates cheapest first, and candidates EC2 gave no price for. */
  record Ranking(List<PricedPool> priced, List<Pool> unpriced) {
    Ranking {
      priced = List.copyOf(priced);
      unpriced = List.copyOf(unpriced);
    }
  }
}
