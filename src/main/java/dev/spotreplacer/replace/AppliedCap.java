package dev.spotreplacer.replace;

import java.util.Objects;

/**
 * The price cap a run applied: the most it let EC2 charge per hour, and where that figure came from
 * ("MAX_PRICE 0.05", or MAX_PRICE_FRACTION times an on-demand price and its source).
 */
public record AppliedCap(String maxPrice, String source) {

  public AppliedCap {
    Objects.requireNonNull(maxPrice, "maxPrice == null");
    Objects.requireNonNull(source, "source == null");
  }
}
