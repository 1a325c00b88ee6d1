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
    List<BlockDevice> blockDevices,
    String architecture,
    InstanceOptions options) {

  public LaunchSpec {
    Objects.requireNonNull(imageId, "imageId == null");
    Objects.requireNonNull(instanceType, "instanceType == null");
    Objects.requireNonNull(availabilityZone, "availabilityZone == null");
    Objects.requireNonNull(subnetId, "subnetId == null");
    securityGroupIds = List.copyOf(securityGroupIds);
    blockDevices = List.copyOf(blockDevices);
    options = options == null ? InstanceOptions.DEFAULT : options;
  }

  /** A spec with EC2's default options. */
  public LaunchSpec(String imageId, String instanceType, String availabilityZone, String subnetId,
      List<String> securityGroupIds, String keyName, String iamInstanceProfileArn, String userData,
      boolean ebsOptimized, boolean monitoring, List<BlockDevice> blockDevices) {
    this(imageId, instanceType, availabilityZone, subnetId, securityGroupIds, keyName, iamInstanceProfileArn,
        userData, ebsOptimized, monitoring, blockDevices, null, InstanceOptions.DEFAULT);
  }

  /** What RequestSpotInstances cannot express for this spec; empty when it is faithful. */
  public List<String> beyondSpotRequest() {
    return options.beyondSpotRequest(instanceType, architecture);
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
        + ", blockDevices=" + blockDevices + ", architecture=" + architecture + ", options=" + options + "]";
  }
}
