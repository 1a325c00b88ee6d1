package dev.spotreplacer.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EBS volume that exists when the emulator starts: attached to a scenario instance at
 * {@code device}, or available (no {@code instanceId}).
 *
 * @param availabilityZone null means the attached instance's zone
 */
public record VolumeSpec(
    String volumeId,
    String availabilityZone,
    int sizeGiB,
    String volumeType,
    String instanceId,
    String device,
    boolean deleteOnTermination,
    Map<String, String> tags) {

  static final Pattern VOLUME_ID = Pattern.compile("vol-([0-9a-f]{8}|[0-9a-f]{17})");

  public VolumeSpec {
    Scenario.requireText(volumeId, "volumeId");
    if (!VOLUME_ID.matcher(volumeId).matches()) {
      throw new IllegalArgumentException("volumeId '" + volumeId + "' is not a volume id like vol-0123456789abcdef0");
    }
    if (sizeGiB < 1) {
      throw new IllegalArgumentException("sizeGiB " + sizeGiB + " must be >= 1");
    }
    volumeType = volumeType == null ? "gp3" : volumeType;
    if (instanceId != null && (device == null || device.isBlank())) {
      throw new IllegalArgumentException("device is required when instanceId is given");
    }
    if (instanceId == null && device != null) {
      throw new IllegalArgumentException("device needs an instanceId to be attached to");
    }
    if (instanceId == null && availabilityZone == null) {
      throw new IllegalArgumentException("availabilityZone is required for a volume that is not attached");
    }
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
  }
}
