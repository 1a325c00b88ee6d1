package dev.spotreplacer.replace;

import java.util.Objects;

/** An EBS volume that follows the instance, and the device name it is attached at. */
public record DataVolume(String volumeId, String device) {

  public DataVolume {
    Objects.requireNonNull(volumeId, "volumeId == null");
    Objects.requireNonNull(device, "device == null");
  }
}
