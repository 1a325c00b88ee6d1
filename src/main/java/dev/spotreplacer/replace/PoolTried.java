package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One candidate pool and what became of it, as the result reports it.
 *
 * @param verdict "chosen", "rejected", "not-tried", "no-price" or "over-cap"
 * @param why the EC2 status code or the rule that rejected it; null when chosen
 * @param score EC2's spot placement score (1-10) for the pool, when one was had
 * @param note how the pool was ranked when that is not just its price (interrupted pool, no score)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolTried(
    String instanceType,
    String availabilityZone,
    String subnetId,
    String price,
    String verdict,
    String why,
    String spotRequestId,
    Integer score,
    String note) {

  public PoolTried(String instanceType, String availabilityZone, String subnetId, String price, String verdict,
      String why, String spotRequestId) {
    this(instanceType, availabilityZone, subnetId, price, verdict, why, spotRequestId, null, null);
  }

  static PoolTried of(PricedPool pool, String verdict, String why, String spotRequestId) {
    return new PoolTried(pool.pool().instanceType(), pool.pool().availabilityZone(),
        pool.pool().subnetId(), pool.priceText(), verdict, why, spotRequestId, pool.score(), pool.note());
  }
}
