package dev.spotreplacer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's secondary network interfaces (the primary one is part of its instance). As in EC2,
 * an interface outlives its instance unless it is deleted on termination: it is "detaching", then
 * "available" with its private address, ready to be attached elsewhere in its zone.
 */
final class Interfaces {

  static final Duration ATTACH = Duration.ofSeconds(2);
  static final Duration DETACH = Duration.ofSeconds(5);

  /** One interface's mutable state; guarded by the market's lock. */
  static final class Entry {
    final String networkInterfaceId;
    final String subnetId;
    final String availabilityZone;
    final String privateIp;
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<String> history = new ArrayList<>();
    /** in-use or available. */
    String status = "available";
    String instanceId;
    int deviceIndex;
    boolean deleteOnTermination;
    /** attaching, attached or detaching, while attached. */
    String attachmentState;
    Instant attachTime;
    Instant dueAt;

    Entry(String networkInterfaceId, String subnetId, String availabilityZone, String privateIp) {
      this.networkInterfaceId = networkInterfaceId;
      this.subnetId = subnetId;
      this.availabilityZone = availabilityZone;
      this.privateIp = privateIp;
    }
  }

  private final Map<String, Entry> byId = new LinkedHashMap<>();

  Entry add(Entry entry) {
    byId.put(entry.networkInterfaceId, entry);
    return entry;
  }

  Optional<Entry> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  List<Entry> all() {
    return new ArrayList<>(byId.values());
  }

  List<Entry> attachedTo(String instanceId) {
    return byId.values().stream().filter(e -> instanceId.equals(e.instanceId)).toList();
  }

  void attach(Entry entry, String instanceId, int deviceIndex, Instant at) {
    entry.status = "in-use";
    entry.instanceId = instanceId;
    entry.deviceIndex = deviceIndex;
    entry.deleteOnTermination = false;
    entry.attachmentState = "attaching";
    entry.attachTime = at;
    entry.dueAt = at.plus(ATTACH);
    entry.history.add("attaching " + instanceId);
  }

  /** What EC2 does with a terminated instance's interfaces: detach them, delete those marked so. */
  void instanceTerminated(String instanceId, Instant at) {
    for (Entry entry : attachedTo(instanceId)) {
      if (entry.deleteOnTermination) {
        byId.remove(entry.networkInterfaceId);
      } else {
        entry.attachmentState = "detaching";
        entry.dueAt = at.plus(DETACH);
        entry.history.add("detaching " + instanceId);
      }
    }
  }

  Instant nextEventAt() {
    return byId.values().stream().map(e -> e.dueAt).filter(java.util.Objects::nonNull).min(Instant::compareTo)
        .orElse(null);
  }

  void step(Instant at) {
    for (Entry entry : byId.values()) {
      if (at.equals(entry.dueAt)) {
        entry.dueAt = null;
        if ("attaching".equals(entry.attachmentState)) {
          entry.attachmentState = "attached";
          entry.history.add("attached " + entry.instanceId);
        } else if ("detaching".equals(entry.attachmentState)) {
          entry.attachmentState = null;
          entry.instanceId = null;
          entry.status = "available";
          entry.history.add("available");
        }
        return;
      }
    }
  }
}
