package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * On-demand Linux prices per hour for common types, so that a cap can be a fraction of the
 * on-demand price without the Pricing API (which needs its own permission and endpoint). Figures
 * are us-east-1 list prices; other regions differ by a few percent, and ON_DEMAND_PRICES corrects
 * or extends them.
 */
final class OnDemandPrices {

  private static final Map<String, String> US_EAST_1 = Map.ofEntries(
      Map.entry("t3.micro", "0.0104"), Map.entry("t3.small", "0.0208"), Map.entry("t3.medium", "0.0416"),
      Map.entry("t3.large", "0.0832"),
      Map.entry("m5.large", "0.096"), Map.entry("m5.xlarge", "0.192"), Map.entry("m5.2xlarge", "0.384"),
      Map.entry("m5.4xlarge", "0.768"), Map.entry("m5a.large", "0.086"), Map.entry("m5a.xlarge", "0.172"),
      Map.entry("m6i.large", "0.096"), Map.entry("m6i.xlarge", "0.192"), Map.entry("m6a.large", "0.0864"),
      Map.entry("m7i.large", "0.1008"),
      Map.entry("c5.large", "0.085"), Map.entry("c5.xlarge", "0.17"), Map.entry("c6i.large", "0.085"),
      Map.entry("r5.large", "0.126"), Map.entry("r6i.large", "0.126"),
      Map.entry("m6g.large", "0.077"), Map.entry("m7g.large", "0.0816"), Map.entry("c6g.large", "0.068"),
      Map.entry("g4dn.xlarge", "0.526"), Map.entry("g4dn.2xlarge", "0.752"), Map.entry("g5.xlarge", "1.006"));

  private final Map<String, BigDecimal> prices = new HashMap<>();

  OnDemandPrices(Map<String, BigDecimal> overrides) {
    US_EAST_1.forEach((type, price) -> prices.put(type, new BigDecimal(price)));
    prices.putAll(overrides);
  }

  Optional<BigDecimal> of(String instanceType) {
    return Optional.ofNullable(prices.get(instanceType));
  }
}
