package dev.spotreplacer.sim;

import java.util.List;
import java.util.Objects;

/** Everything an instance is launched with, once its zone and subnet are known. */
record LaunchParams(
    String instanceType,
    String availabilityZone,
    String subnetId,
    String imageId,
    String keyName,
    List<String> securityGroupIds,
    String iamInstanceProfileArn,
    boolean ebsOptimized,
    boolean monitoring,
    String userData,
    String platform,
    List<BlockDevice> blockDevices) {

  static final String ROOT_DEVICE = "/dev/xvda";

  LaunchParams {
    Objects.requireNonNull(instanceType, "instanceType == null");
    Objects.requireNonNull(availabilityZone, "availabilityZone == null");
    Objects.requireNonNull(subnetId, "subnetId == null");
    securityGroupIds = List.copyOf(securityGroupIds);
    blockDevices = blockDevices.isEmpty() ? List.of(new BlockDevice(ROOT_DEVICE, 8, "gp3", true)) : List.copyOf(blockDevices);
  }

  /** An EBS volume attached at launch. */
  record BlockDevice(String deviceName, int sizeGiB, String volumeType, boolean deleteOnTermination) {}
}
