package dev.spotreplacer.replace;

import java.util.Objects;

/**
 * An EBS block device the replacement gets afresh: the root volume's size and type (its content
 * comes from the AMI), or a scratch volume that was deleted with the old instance anyway.
 */
public record BlockDevice(
    String deviceName,
    Integer volumeSizeGiB,
    String volumeType,
    Integer iops,
    Integer throughput,
    Boolean encrypted,
    String kmsKeyId,
    boolean deleteOnTermination) {

  public BlockDevice {
    Objects.requireNonNull(deviceName, "deviceName == null");
  }
}
