package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;

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
    List<BlockDevice> blockDevices,
    LaunchOptions options) {

  static final String ROOT_DEVICE = "/dev/xvda";

  LaunchParams {
    Objects.requireNonNull(instanceType, "instanceType == null");
    Objects.requireNonNull(availabilityZone, "availabilityZone == null");
    Objects.requireNonNull(subnetId, "subnetId == null");
    securityGroupIds = List.copyOf(securityGroupIds);
    blockDevices = blockDevices.isEmpty() ? List.of(new BlockDevice(ROOT_DEVICE, 8, "gp3", true)) : List.copyOf(blockDevices);
    options = options == null ? LaunchOptions.DEFAULT : options;
  }

  /** Launched with EC2's default options. */
  LaunchParams(String instanceType, String availabilityZone, String subnetId, String imageId, String keyName,
      List<String> securityGroupIds, String iamInstanceProfileArn, boolean ebsOptimized, boolean monitoring,
      String userData, String platform, List<BlockDevice> blockDevices) {
    this(instanceType, availabilityZone, subnetId, imageId, keyName, securityGroupIds, iamInstanceProfileArn,
        ebsOptimized, monitoring, userData, platform, blockDevices, LaunchOptions.DEFAULT);
  }

  /** An EBS volume attached at launch; {@code kmsKeyId} only when encrypted. */
  record BlockDevice(String deviceName, int sizeGiB, String volumeType, boolean deleteOnTermination,
      boolean encrypted, String kmsKeyId) {

    BlockDevice(String deviceName, int sizeGiB, String volumeType, boolean deleteOnTermination) {
      this(deviceName, sizeGiB, volumeType, deleteOnTermination, false, null);
    }
  }

  /** The EBS devices of RunInstances' or RequestSpotInstances' mappings, with EC2's defaults filled in. */
  static List<BlockDevice> devices(List<BlockDeviceMapping> mappings) {
    List<BlockDevice> devices = new ArrayList<>();
    for (BlockDeviceMapping mapping : mappings) {
      if (mapping.ebs() != null) {
        boolean encrypted = Boolean.TRUE.equals(mapping.ebs().encrypted());
        devices.add(new BlockDevice(mapping.deviceName(),
            mapping.ebs().volumeSize() == null ? 8 : mapping.ebs().volumeSize(),
            mapping.ebs().volumeTypeAsString() == null ? "gp3" : mapping.ebs().volumeTypeAsString(),
            mapping.ebs().deleteOnTermination() == null || mapping.ebs().deleteOnTermination(),
            encrypted, encrypted ? defaultKey(mapping.ebs().kmsKeyId()) : null));
      }
    }
    return devices;
  }

  /** An encrypted volume without a key named gets the account's AWS managed key for EBS. */
  static String defaultKey(String kmsKeyId) {
    return kmsKeyId != null ? kmsKeyId
        : "arn:aws:kms:us-east-1:" + Market.ACCOUNT_ID + ":key/aws-ebs-0000-0000-0000-000000000000";
  }
}
