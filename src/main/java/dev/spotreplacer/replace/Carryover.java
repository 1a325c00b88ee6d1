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
      tags.put(TagKeys.CARRY_EIP, elasticIp.allocationId());
    }
    volumes.forEach(v -> tags.put(TagKeys.CARRY_VOLUME_PREFIX + v.volumeId(), v.device()));
    interfaces.forEach(n -> tags.put(TagKeys.CARRY_INTERFACE_PREFIX + n.networkInterfaceId(), String.valueOf(n.deviceIndex())));
    return tags;
  }

  /** The plan an earlier invocation recorded on its request, if it recorded one. */
  static Optional<Carryover> fromRequestTags(Map<String, String> tags) {
    ElasticIp eip = tags.containsKey(TagKeys.CARRY_EIP) ? new ElasticIp(tags.get(TagKeys.CARRY_EIP), null) : null;
    List<DataVolume> volumes = new ArrayList<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(TagKeys.CARRY_VOLUME_PREFIX) && value != null && !value.isEmpty()) {
        volumes.add(new DataVolume(key.substring(TagKeys.CARRY_VOLUME_PREFIX.length()), value));
      }
    });
    volumes.sort(java.util.Comparator.comparing(DataVolume::device));
    List<DataInterface> interfaces = new ArrayList<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(TagKeys.CARRY_INTERFACE_PREFIX) && value != null && value.matches("\\d{1,2}")) {
        interfaces.add(new DataInterface(key.substring(TagKeys.CARRY_INTERFACE_PREFIX.length()), Integer.parseInt(value)));
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
