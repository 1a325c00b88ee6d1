package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The most the replacement may cost per hour: MAX_PRICE, MAX_PRICE_FRACTION times the original
 * type's on-demand price in the instance's own region and product, or the lower of the two. One cap for every candidate type, so that a
 * bigger type never costs more than the user agreed to pay for the original.
 *
 * @param limit the cap, or null when none is set
 * @param source how it was derived, for the result ("MAX_PRICE 0.03", "0.5 x on-demand 0.096")
 */
record PriceCap(BigDecimal limit, String source) {

  static final PriceCap NONE = new PriceCap(null, null);

  static PriceCap of(PoolSettings settings, OnDemandPrices onDemand, String originalType) {
    BigDecimal limit = settings.maxPrice();
    String source = limit == null ? null : "MAX_PRICE " + limit.toPlainString();
    if (settings.maxPriceFraction() != null) {
      Optional<OnDemandPrices.Price> price = onDemand.of(originalType);
      if (price.isEmpty()) {
        throw new StepFailure(Reason.Code.ON_DEMAND_PRICE_UNKNOWN, "MAX_PRICE_FRACTION is set but the on-demand price of "
            + onDemand.describe(originalType) + " is not in the built-in table: add it with ON_DEMAND_PRICES="
            + originalType + "=<price per hour>, refresh the table (scripts/refresh-on-demand-prices.py),"
            + " or set MAX_PRICE instead", null);
      }
      BigDecimal onDemandPrice = price.get().perHour();
      BigDecimal fromFraction = onDemandPrice.multiply(settings.maxPriceFraction()).setScale(6, RoundingMode.DOWN)
          .stripTrailingZeros();
      if (limit == null || fromFraction.compareTo(limit) < 0) {
        limit = fromFraction;
        source = "MAX_PRICE_FRACTION " + settings.maxPriceFraction().toPlainString() + " x on-demand "
            + onDemandPrice.toPlainString() + " for " + originalType + " (" + price.get().source() + ")";
      }
    }
    return limit == null ? NONE : new PriceCap(limit, source);
  }

  boolean isSet() {
    return limit != null;
  }

  boolean allows(BigDecimal price) {
    return limit == null || price.compareTo(limit) <= 0;
  }

  /** What to pass as SpotPrice / MaxPrice: EC2 never charges above it. */
  String text() {
    return limit == null ? null : limit.toPlainString();
  }
}
