package dev.spotreplacer.sim;

import java.math.BigDecimal;

/** One spot pool (instance type x zone): its price and free capacity; guarded by the market's lock. */
final class Pool {

  final String instanceType;
  final String availabilityZone;
  final String productDescription;
  final BigDecimal price;
  final String failWith;
  private int capacity;

  Pool(Scenario.PoolSpec spec) {
    this.instanceType = spec.instanceType();
    this.availabilityZone = spec.availabilityZone();
    this.productDescription = spec.productDescription();
    this.price = new BigDecimal(spec.price());
    this.failWith = spec.failWith();
    this.capacity = spec.capacity();
  }

  int capacity() {
    return capacity;
  }

  void take() {
    capacity--;
  }

  void giveBack() {
    capacity++;
  }

  static String key(String instanceType, String availabilityZone) {
    return instanceType + "/" + availabilityZone;
  }
}
