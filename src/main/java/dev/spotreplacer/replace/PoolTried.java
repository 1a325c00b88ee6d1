package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One candidate pool and what became of it, as the result reports it.
 *
 * @param verdict "chosen", "rejected", "not-tried" or "no-price"
 * @param why the EC2 status code or the rule that rejected it; null when chosen
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolTried(
    String instanceType,
    String availabilityZone,
    String subnetId,
    String price,
    String verdict,
    String why,
    String spotRequestId) {

  static PoolTried of(PricedPool pool, String verdict, String why, String spotRequestId) {
    return new PoolTried(pool.pool().instanceType(), pool.pool().availabilityZone(),
        pool.pool().subnetId(), pool.priceText(), verdict, why, spotRequestId);
  }
}
