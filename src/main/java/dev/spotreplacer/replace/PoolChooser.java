package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Lists the candidate pools for a replacement (types x zones, see {@link TypeCandidates}) and ranks
 * them: the interrupted pool last while its avoidance window lasts, then by placement score band,
 * then by the spot price in force. Pools above the price cap are set apart, never tried.
 */
final class PoolChooser {

  private static final String AVOIDED = "interrupted pool";

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;
  private final Consumer<String> progress;
  private final Optional<PriceListApi> priceList;

  PoolChooser(Ec2Client ec2, Settings settings, Clock clock) {
    this(ec2, settings, clock, note -> { }, Optional.empty());
  }

  /** @param priceList asked for an on-demand price the setting and the built-in table lack */
  PoolChooser(Ec2Client ec2, Settings settings, Clock clock, Consumer<String> progress,
      Optional<PriceListApi> priceList) {
    this.ec2 = ec2;
    this.settings = settings;
    this.clock = clock;
    this.progress = progress;
    this.priceList = priceList;
  }

  /** The candidates, cheapest first, and those without a price (not offered there) apart. */
  Ranking rank(Original original) {
    return rank(original, null, clock.instant(), null);
  }

  /** As {@link #rank(Original, String, Instant, String)} with no zone constraint. */
  Ranking rank(Original original, String region, Instant noticeTime) {
    return rank(original, region, noticeTime, null);
  }

  /**
   * Ranks the candidates for a notice about {@code original}.
   *
   * <p>The interrupted pool (the original's type and zone) is avoided until {@code noticeTime} plus
   * AVOID_INTERRUPTED_POOL_SECONDS. The window is measured from the notice, not from this
   * invocation, so every delivery and retry of the same notice agrees on it, and a retry that comes
   * after the window ranks the pool by price again (EC2 has had time to rebalance it). Inside the
   * window the pool is still tried last, when nothing else is left.
   *
   * <p>With {@code requiredZone} set (data volumes attach only within their zone) only that zone
   * is a candidate; the original subnet serves if no configured subnet is there.
   */
  Ranking rank(Original original, String region, Instant noticeTime, String requiredZone) {
    PoolSettings choice = settings.pools();
    Map<String, String> subnetByZone = subnetsByZone(original);
    if (requiredZone != null) {
      subnetByZone.keySet().retainAll(Set.of(requiredZone));
      if (subnetByZone.isEmpty() && requiredZone.equals(original.spec().availabilityZone())) {
        subnetByZone.put(requiredZone, original.spec().subnetId());
      }
    }
    TypeCandidates.Candidates candidates =
        new TypeCandidates(ec2, choice, progress).find(original, subnetByZone.keySet());
    List<String> types = candidates.types();
    Map<String, SpotPrice> latest = prices(types, subnetByZone.keySet(), original.platform());
    PriceCap cap = PriceCap.of(choice, onDemandPrices(original, region, choice, priceList),
        original.spec().instanceType());
    Instant avoidUntil = noticeTime.plus(choice.avoidWindow());
    boolean avoiding = clock.instant().isBefore(avoidUntil);
    Pool interrupted = new Pool(original.spec().instanceType(), original.spec().availabilityZone(),
        original.spec().subnetId());

    List<PricedPool> affordable = new ArrayList<>();
    List<PricedPool> overCap = new ArrayList<>();
    List<Pool> unpriced = new ArrayList<>();
    for (String type : types) {
      subnetByZone.forEach((zone, subnet) -> {
        if (!candidates.zonesByType().getOrDefault(type, Set.of()).contains(zone)) {
          return;
        }
        Pool pool = new Pool(type, zone, subnet);
        SpotPrice price = latest.get(key(type, zone));
        if (price == null) {
          unpriced.add(pool);
          return;
        }
        boolean avoided = avoiding && type.equals(interrupted.instanceType())
            && zone.equals(interrupted.availabilityZone());
        PricedPool candidate = new PricedPool(pool, new BigDecimal(price.spotPrice()), price.timestamp(), null,
            avoided ? AVOIDED + ": ranked last until " + avoidUntil + ", used only if nothing else is left"
                + " (AVOID_INTERRUPTED_POOL_SECONDS)" : null);
        (cap.allows(candidate.price()) ? affordable : overCap).add(candidate);
      });
    }
    List<PricedPool> priced = affordable;
    if (priced.size() > 1 && choice.placementScores() && region != null) {
      priced = scored(priced, region);
    }
    priced.sort(Comparator.comparing(PoolChooser::avoided)
        .thenComparing(p -> band(p.score()))
        .thenComparing(PricedPool::price)
        .thenComparing(p -> p.pool().availabilityZone())
        .thenComparing(p -> p.pool().instanceType()));
    return new Ranking(priced, unpriced, overCap, cap);
  }

  /** On-demand prices in the instance's region, for its spot product. */
  static OnDemandPrices onDemandPrices(Original original, String region, PoolSettings choice,
      Optional<PriceListApi> priceList) {
    return new OnDemandPrices(region, SpotPlatform.of(original.platform()).productDescription(),
        choice.onDemandPrices(), priceList);
  }

  /** The same pools with their placement scores, or with a note saying why there are none. */
  private List<PricedPool> scored(List<PricedPool> pools, String region) {
    List<String> types = pools.stream().map(p -> p.pool().instanceType()).distinct().toList();
    List<String> zones = pools.stream().map(p -> p.pool().availabilityZone()).distinct().toList();
    PlacementScores.Scores scores = new PlacementScores(ec2).fetch(region, types, zones);
    if (scores.note() != null) {
      progress.accept(scores.note());
    }
    List<PricedPool> result = new ArrayList<>();
    for (PricedPool p : pools) {
      Integer score = scores.byPool().get(key(p.pool().instanceType(), p.pool().availabilityZone()));
      String note = p.note() != null ? p.note() : scores.note();
      result.add(new PricedPool(p.pool(), p.price(), p.priceTime(), score, note));
    }
    return result;
  }

  /** The interrupted pool inside its avoidance window: tried only when nothing else is left. */
  static boolean avoided(PricedPool pool) {
    return pool.note() != null && pool.note().startsWith(AVOIDED);
  }

  /**
   * Scores 7-10 ("likely") first, then unscored and 4-6, then 1-3; price decides within a band, so
   * a cheap pool is not passed over for a score that is only a little higher.
   */
  private static int band(Integer score) {
    if (score == null) {
      return 1;
    }
    return score >= 7 ? 0 : score >= 4 ? 1 : 2;
  }

  /** Zone to subnet, in a stable order; the first subnet named for a zone wins. */
  private Map<String, String> subnetsByZone(Original original) {
    Map<String, String> byZone = new LinkedHashMap<>();
    List<String> subnetIds = subnetIds(original);
    if (subnetIds.isEmpty()) {
      byZone.put(original.spec().availabilityZone(), original.spec().subnetId());
      return byZone;
    }
    List<Subnet> subnets;
    try {
      subnets = ec2.describeSubnets(b -> b.subnetIds(subnetIds)).subnets();
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidSubnetID.NotFound")) {
        throw new StepFailure(Reason.Code.UNKNOWN_SUBNET, "SUBNET_IDS names a subnet EC2 does not know in this"
            + " region: " + e.getMessage(), e);
      }
      throw Ec2Errors.translate(e, "DescribeSubnets");
    }
    Map<String, String> zoneOf = new HashMap<>();
    subnets.forEach(s -> zoneOf.put(s.subnetId(), s.availabilityZone()));
    for (String id : subnetIds) {
      String zone = zoneOf.get(id);
      if (zone != null) {
        byZone.putIfAbsent(zone, id);
      }
    }
    return byZone;
  }

  /** The instance's tag spot-replacer:subnets when it has one, else SUBNET_IDS. */
  private List<String> subnetIds(Original original) {
    String tagged = original.tags().get(TagKeys.SUBNETS);
    if (tagged == null) {
      return settings.subnetIds();
    }
    List<String> ids = Arrays.stream(tagged.split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().toList();
    for (String id : ids) {
      if (!id.matches("subnet-[0-9a-f]{1,17}")) {
        // Tag values are not echoed: the rule is never to log them.
        throw new StepFailure(Reason.Code.BAD_TAG, "the instance's tag " + TagKeys.SUBNETS + " must list subnet ids (subnet-...)"
            + " separated by commas or spaces", null);
      }
    }
    return ids;
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

  /** The spot products {@code platform} (PlatformDetails) is priced under; see {@link SpotPlatform}. */
  static List<String> productDescriptions(String platform) {
    return SpotPlatform.of(platform).productDescriptions();
  }

  /**
   * Candidates within the cap, best first; candidates EC2 gave no price for; candidates priced
   * above the cap (never tried); and the cap itself.
   */
  record Ranking(List<PricedPool> priced, List<Pool> unpriced, List<PricedPool> overCap, PriceCap cap) {
    Ranking {
      priced = List.copyOf(priced);
      unpriced = List.copyOf(unpriced);
      overCap = List.copyOf(overCap);
    }
  }
}
