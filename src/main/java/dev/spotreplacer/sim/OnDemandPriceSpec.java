package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One on-demand price the emulated AWS Price List lists: an instance type running an operating
 * system in a region, shared tenancy, no pre-installed software, licence included, per hour in USD.
 *
 * @param operatingSystem the Price List's own word: Linux, RHEL, SUSE or Windows
 */
public record OnDemandPriceSpec(String region, String instanceType, String operatingSystem, BigDecimal price) {

  static final Set<String> OPERATING_SYSTEMS = Set.of("Linux", "RHEL", "SUSE", "Windows");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** On-demand is this many times a type's dearest spot pool when a scenario lists no prices. */
  static final BigDecimal DERIVED_FACTOR = new BigDecimal("2.5");

  /** The spot products EC2 lists, as the Price List's operatingSystem names them. */
  private static final Map<String, String> SPOT_PRODUCTS = Map.of(
      "Linux/UNIX", "Linux", "SUSE Linux", "SUSE", "Red Hat Enterprise Linux", "RHEL", "Windows", "Windows");

  public OnDemandPriceSpec {
    Scenario.requireText(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("region '" + region + "' is not a region name like eu-west-1");
    }
    Scenario.requireText(instanceType, "instanceType");
    operatingSystem = Scenario.oneOf(operatingSystem == null ? "Linux" : operatingSystem, OPERATING_SYSTEMS,
        "operatingSystem");
    if (price == null || price.signum() <= 0) {
      throw new IllegalArgumentException("price '" + price + "' must be a decimal number > 0");
    }
  }

  /**
   * The prices a scenario without {@code onDemandPrices} has: in its region, for each type and
   * product of its pools, {@link #DERIVED_FACTOR} times the dearest of that type's pools (spot
   * prices stay below on-demand, typically well below), to four decimals.
   */
  static List<OnDemandPriceSpec> derivedFrom(String region, List<Scenario.PoolSpec> pools) {
    Map<String, OnDemandPriceSpec> byKey = new TreeMap<>();
    for (Scenario.PoolSpec pool : pools) {
      String os = SPOT_PRODUCTS.get(pool.productDescription().replace(" (Amazon VPC)", ""));
      if (os == null) {
        continue;
      }
      BigDecimal price = new BigDecimal(pool.price()).multiply(DERIVED_FACTOR).setScale(4, RoundingMode.HALF_UP)
          .stripTrailingZeros();
      byKey.merge(pool.instanceType() + " " + os, new OnDemandPriceSpec(region, pool.instanceType(), os, price),
          (a, b) -> a.price().compareTo(b.price()) >= 0 ? a : b);
    }
    return List.copyOf(byKey.values());
  }
}
