package dev.spotreplacer.replace;

import java.util.List;
import java.util.Objects;

/** Everything needed to launch a look-alike of the interrupted instance in another pool. */
public record LaunchSpec(
    String imageId,
    String instanceType,
    String availabilityZone,
    String subnetId,
    List<String> securityGroupIds,
    String keyName,
    String iamInstanceProfileArn,
    String userData,
    boolean ebsOptimized,
    boolean monitoring,
    List<BlockDevice> blockDevices) {

  public LaunchSpec {
    Objects.requireNonNull(imageId, "imageId == null");
    Objects.requireNonNull(instanceType, "instanceType == null");
    Objects.requireNonNull(availabilityZone, "availabilityZone == null");
    Objects.requireNonNull(subnetId, "subnetId == null");
    securityGroupIds = List.copyOf(securityGroupIds);
    blockDevices = List.copyOf(blockDevices);
  }

  /** User data often holds secrets: never let it reach a log through toString. */
  @Override
  public String toString() {
    return "LaunchSpec[imageId=" + imageId + ", instanceType=" + instanceType
        + ", availabilityZone=" + availabilityZone + ", subnetId=" + subnetId
        + ", securityGroupIds=" + securityGroupIds + ", keyName=" + keyName
        + ", iamInstanceProfileArn=" + iamInstanceProfileArn
        + ", userData=" + (userData == null ? "none" : "(" + userData.length() + " chars, redacted)")
        + ", ebsOptimized=" + ebsOptimized + ", monitoring=" + monitoring
        + ", blockDevices=" + blockDevices + "]";
  }
}
