package dev.spotreplacer.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one emulated EBS volume.
 *
 * @param history every change in order, e.g. "attached i-1 /dev/sdf", "detaching i-1", "available"
 */
public record SimVolume(
    String volumeId,
    String availabilityZone,
    String state,
    String instanceId,
    String device,
    String attachmentState,
    Map<String, String> tags,
    List<String> history) {

  public SimVolume {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    history = List.copyOf(history);
  }
}
