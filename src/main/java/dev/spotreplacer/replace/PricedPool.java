package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A pool with the spot price in force, as DescribeSpotPriceHistory reported it.
 *
 * @param score EC2's spot placement score (1-10), or null when none was had
 * @param note why the pool ranks where it does, when that is not just its price (or null)
 */
public record PricedPool(Pool pool, BigDecimal price, Instant priceTime, Integer score, String note) {

  public PricedPool {
    Objects.requireNonNull(pool, "pool == null");
    Objects.requireNonNull(price, "price == null");
  }

  public PricedPool(Pool pool, BigDecimal price, Instant priceTime) {
    this(pool, price, priceTime, null, null);
  }

  String priceText() {
    return price.toPlainString();
  }
}
