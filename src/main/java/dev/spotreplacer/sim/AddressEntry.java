package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;

/** One Elastic IP's mutable state inside the market; guarded by the market's lock. */
final class AddressEntry {

  final String allocationId;
  final String publicIp;
  String instanceId;
  String associationId;
  /** Every association change, e.g. "associated i-1", "disassociated i-1". */
  final List<String> history = new ArrayList<>();

  AddressEntry(String allocationId, String publicIp) {
    this.allocationId = allocationId;
    this.publicIp = publicIp;
  }

  void associate(String instance, String association) {
    if (instanceId != null) {
      history.add("disassociated " + instanceId);
    }
    instanceId = instance;
    associationId = association;
    history.add("associated " + instance);
  }

  void disassociate() {
    if (instanceId != null) {
      history.add("disassociated " + instanceId);
    }
    instanceId = null;
    associationId = null;
  }

  SimAddress snapshot() {
    return new SimAddress(allocationId, publicIp, instanceId, associationId, history);
  }
}
