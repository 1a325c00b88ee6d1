package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the replacement takes over from the interrupted instance: its Elastic IP and its data
 * volumes. Recorded as tags on the spot request when it is made, because by the time a later
 * invocation finishes the job the old instance is gone and no longer shows what it held.
 *
 * @param elasticIp null when the old instance held none
 */
record Carryover(ElasticIp elasticIp, List<DataVolume> volumes, List<DataInterface> interfaces) {

  static final Carryover NONE = new Carryover(null, List.of(), List.of());
  /** Request tag prefix: one tag per interface, {@code spot-replacer:carry-eni:eni-...=1} (device index). */
  static final String INTERFACE_TAG_PREFIX = "spot-replacer:carry-eni:";
  /** What every plan tag starts with. */
  static final String PLAN_TAG_PREFIX = "spot-replacer:carry-";
  /** Request tag naming the Elastic IP to move. */
  static final String EIP_TAG = "spot-replacer:carry-eip";
  /** Request tag prefix: one tag per volume, {@code spot-replacer:carry-volume:vol-...=/dev/sdf}. */
  static final String VOLUME_TAG_PREFIX = "spot-replacer:carry-volume:";

  Carryover {
    volumes = List.copyOf(volumes);
    interfaces = List.copyOf(interfaces);
  }

  boolean isEmpty() {
    return elasticIp == null && volumes.isEmpty() && interfaces.isEmpty();
  }

  /**
   * Volumes and network interfaces can only be attached in their own zone, so with either the
   * replacement must go there.
   */
  String requiredZone(Original original) {
    return volumes.isEmpty() && interfaces.isEmpty() ? null : original.spec().availabilityZone();
  }

  /** The plan as spot request tags (the request's only other tag is spot-replacer:replaces). */
  Map<String, String> requestTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    if (elasticIp != null) {
      tags.put(EIP_TAG, elasticIp.allocationId());
    }
    volumes.forEach(v -> tags.put(VOLUME_TAG_PREFIX + v.volumeId(), v.device()));
    interfaces.forEach(n -> tags.put(INTERFACE_TAG_PREFIX + n.networkInterfaceId(), String.valueOf(n.deviceIndex())));
    return tags;
  }

  /** The plan an earlier invocation recorded on its request, if it recorded one. */
  static Optional<Carryover> fromRequestTags(Map<String, String> tags) {
    ElasticIp eip = tags.containsKey(EIP_TAG) ? new ElasticIp(tags.get(EIP_TAG), null) : null;
    List<DataVolume> volumes = new ArrayList<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(VOLUME_TAG_PREFIX) && value != null && !value.isEmpty()) {
        volumes.add(new DataVolume(key.substring(VOLUME_TAG_PREFIX.length()), value));
      }
    });
    volumes.sort(java.util.Comparator.comparing(DataVolume::device));
    List<DataInterface> interfaces = new ArrayList<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(INTERFACE_TAG_PREFIX) && value != null && value.matches("\\d{1,2}")) {
        interfaces.add(new DataInterface(key.substring(INTERFACE_TAG_PREFIX.length()), Integer.parseInt(value)));
      }
    });
    interfaces.sort(java.util.Comparator.comparing(DataInterface::deviceIndex));
    if (eip == null && volumes.isEmpty() && interfaces.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Carryover(eip, volumes, interfaces));
  }

  @Override
  public String toString() {
    return (elasticIp == null ? "no Elastic IP" : "Elastic IP " + elasticIp.allocationId())
        + (volumes.isEmpty() ? ", no data volumes"
            : ", volumes " + volumes.stream().map(v -> v.volumeId() + " at " + v.device()).toList())
        + (interfaces.isEmpty() ? "" : ", network interfaces "
            + interfaces.stream().map(n -> n.networkInterfaceId() + " at " + n.deviceIndex()).toList());
  }
}
