package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The account's Elastic IPs; an address leaves an instance when the instance terminates, as in a VPC. */
final class Addresses {

  private final Map<String, AddressEntry> byAllocation = new LinkedHashMap<>();

  void seed(List<AddressSpec> specs, Ids ids) {
    for (AddressSpec spec : specs) {
      AddressEntry entry = new AddressEntry(spec.allocationId(), spec.publicIp());
      if (spec.instanceId() != null) {
        entry.associate(spec.instanceId(), ids.association());
      }
      byAllocation.put(entry.allocationId, entry);
    }
  }

  Optional<AddressEntry> address(String allocationId) {
    return Optional.ofNullable(byAllocation.get(allocationId));
  }

  List<AddressEntry> all() {
    return new ArrayList<>(byAllocation.values());
  }

  void instanceTerminated(String instanceId) {
    byAllocation.values().stream()
        .filter(a -> instanceId.equals(a.instanceId))
        .forEach(AddressEntry::disassociate);
  }
}
