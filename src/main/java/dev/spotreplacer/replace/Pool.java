package dev.spotreplacer.replace;

import java.util.Objects;

/** A spot capacity pool: one instance type in one availability zone, reached through a subnet. */
public record Pool(String instanceType, String availabilityZone, String subnetId) {

  public Pool {
    Objects.requireNonNull(instanceType, "instanceType == null");
    Objects.requireNonNull(availabilityZone, "availabilityZone == null");
    Objects.requireNonNull(subnetId, "subnetId == null");
  }

  @Override
  public String toString() {
    return instanceType + "/" + availabilityZone;
  }
}
