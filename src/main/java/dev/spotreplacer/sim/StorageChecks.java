package dev.spotreplacer.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cross-checks a scenario's volumes, addresses and interruption against its instances. */
final class StorageChecks {

  private StorageChecks() {}

  static void validate(String region, List<Scenario.InstanceSpec> instances, List<VolumeSpec> volumes,
      List<AddressSpec> addresses, InterruptionSpec interruption) {
    Map<String, String> zoneOf = new HashMap<>();
    instances.forEach(i -> zoneOf.put(i.instanceId(), i.availabilityZone()));
    Set<String> volumeIds = new HashSet<>();
    Set<String> devices = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      VolumeSpec volume = volumes.get(i);
      String at = "volumes[" + i + "].";
      if (!volumeIds.add(volume.volumeId())) {
        throw new IllegalArgumentException(at + "volumeId '" + volume.volumeId() + "' is a duplicate");
      }
      if (volume.availabilityZone() != null && (!volume.availabilityZone().startsWith(region)
          || volume.availabilityZone().length() == region.length())) {
        throw new IllegalArgumentException(at + "availabilityZone '" + volume.availabilityZone()
            + "' is not a zone of region " + region);
      }
      if (volume.instanceId() == null) {
        continue;
      }
      String zone = zoneOf.get(volume.instanceId());
      if (zone == null) {
        throw new IllegalArgumentException(at + "instanceId '" + volume.instanceId() + "' is not in instances");
      }
      if (volume.availabilityZone() != null && !volume.availabilityZone().equals(zone)) {
        throw new IllegalArgumentException(at + "availabilityZone '" + volume.availabilityZone()
            + "' differs from the zone of " + volume.instanceId() + " (" + zone + "): EBS attaches within a zone");
      }
      if (LaunchParams.ROOT_DEVICE.equals(volume.device()) || !devices.add(volume.instanceId() + " " + volume.device())) {
        throw new IllegalArgumentException(at + "device '" + volume.device() + "' is already in use on "
            + volume.instanceId());
      }
    }
    Set<String> allocations = new HashSet<>();
    Set<String> associated = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      AddressSpec address = addresses.get(i);
      String at = "addresses[" + i + "].";
      if (!allocations.add(address.allocationId())) {
        throw new IllegalArgumentException(at + "allocationId '" + address.allocationId() + "' is a duplicate");
      }
      if (address.instanceId() != null && !zoneOf.containsKey(address.instanceId())) {
        throw new IllegalArgumentException(at + "instanceId '" + address.instanceId() + "' is not in instances");
      }
      if (address.instanceId() != null && !associated.add(address.instanceId())) {
        throw new IllegalArgumentException(at + "instanceId '" + address.instanceId()
            + "' already has an Elastic IP in this scenario");
      }
    }
    if (interruption != null && !zoneOf.containsKey(interruption.instanceId())) {
      throw new IllegalArgumentException("interruption.instanceId '" + interruption.instanceId()
          + "' is not in instances");
    }
  }
}
