package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The most the replacement may cost per hour: MAX_PRICE, MAX_PRICE_FRACTION times the original
 * type's on-demand price in the instance's own region and product, or the lower of the two. One cap
 * for every candidate type, so that a bigger type never costs more than the user agreed to pay for
 * the original. The on-demand price is looked up only when MAX_PRICE_FRACTION is set.
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
      OnDemandPrices.Lookup lookup = onDemand.lookup(originalType);
      if (lookup instanceof OnDemandPrices.Unknown unknown) {
        throw new StepFailure(Reason.Code.ON_DEMAND_PRICE_UNKNOWN, "MAX_PRICE_FRACTION is set but the on-demand price of "
            + onDemand.describe(originalType) + " is unknown: " + unknown.tried() + "; add it with ON_DEMAND_PRICES="
            + originalType + "=<price per hour>, or set MAX_PRICE instead", null);
      }
      OnDemandPrices.Price price = ((OnDemandPrices.Found) lookup).price();
      BigDecimal onDemandPrice = price.perHour();
      BigDecimal fromFraction = onDemandPrice.multiply(settings.maxPriceFraction()).setScale(6, RoundingMode.DOWN)
          .stripTrailingZeros();
      if (limit == null || fromFraction.compareTo(limit) < 0) {
        limit = fromFraction;
        source = "MAX_PRICE_FRACTION " + settings.maxPriceFraction().toPlainString() + " x on-demand "
            + onDemandPrice.toPlainString() + " for " + originalType + " (" + price.source() + ")";
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
