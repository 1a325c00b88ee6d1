package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A pool with the spot price in force, as DescribeSpotPriceHistory reported it. */
public record PricedPool(Pool pool, BigDecimal price, Instant priceTime) {

  public PricedPool {
    Objects.requireNonNull(pool, "pool == null");
    Objects.requireNonNull(price, "price == null");
  }

  String priceText() {
    return price.toPlainString();
  }
}
