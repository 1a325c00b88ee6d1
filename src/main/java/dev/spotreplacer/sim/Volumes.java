package dev.spotreplacer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's EBS volumes and their attachments. Changes take time as in EC2: an attachment is
 * "attaching" before "attached"; when its instance terminates it is "detaching" and the volume
 * becomes "available" (or, if deleted on termination, "deleting" and then gone).
 */
final class Volumes {

  static final Duration ATTACH = Duration.ofSeconds(2);
  static final Duration DETACH = Duration.ofSeconds(5);
  static final Duration DELETE = Duration.ofSeconds(5);

  private final Map<String, VolumeEntry> byId = new LinkedHashMap<>();

  /** The volumes an instance was launched with, in-use and attached from its launch time. */
  void launchedWith(InstanceEntry instance, Instant at) {
    for (InstanceEntry.Volume volume : instance.volumes) {
      LaunchParams.BlockDevice device = volume.device();
      VolumeEntry entry = new VolumeEntry(volume.volumeId(), instance.launch.availabilityZone(), device.sizeGiB(),
          device.volumeType(), at);
      entry.encrypted = device.encrypted();
      entry.kmsKeyId = device.kmsKeyId();
      entry.tags.putAll(instance.launch.options().volumeTags());
      entry.state = "in-use";
      entry.attachment = new VolumeEntry.Attachment(instance.instanceId, device.deviceName(), at,
          device.deleteOnTermination(), "attached");
      entry.note("attached " + instance.instanceId + " " + device.deviceName());
      byId.put(entry.volumeId, entry);
    }
  }

  /** The scenario's volumes, created before the start; attached ones are in-use on their instance. */
  void seed(List<VolumeSpec> specs, Map<String, InstanceEntry> instances, Instant createdAt) {
    for (VolumeSpec spec : specs) {
      InstanceEntry instance = spec.instanceId() == null ? null : instances.get(spec.instanceId());
      String zone = spec.availabilityZone() != null ? spec.availabilityZone() : instance.launch.availabilityZone();
      VolumeEntry entry = new VolumeEntry(spec.volumeId(), zone, spec.sizeGiB(), spec.volumeType(), createdAt);
      entry.tags.putAll(spec.tags());
      if (instance == null || "terminated".equals(instance.state())) {
        entry.state = "available";
        entry.note("available");
      } else {
        entry.state = "in-use";
        entry.attachment = new VolumeEntry.Attachment(instance.instanceId, spec.device(), instance.launchTime,
            spec.deleteOnTermination(), "attached");
        entry.note("attached " + instance.instanceId + " " + spec.device());
      }
      byId.put(entry.volumeId, entry);
    }
  }

  Optional<VolumeEntry> volume(String volumeId) {
    return Optional.ofNullable(byId.get(volumeId));
  }

  List<VolumeEntry> all() {
    return new ArrayList<>(byId.values());
  }

  /** Volumes with an attachment to the instance in any state but detached. */
  List<VolumeEntry> attachedTo(String instanceId) {
    return byId.values().stream()
        .filter(v -> v.attachment != null && v.attachment.instanceId.equals(instanceId))
        .toList();
  }

  /** AttachVolume, after the caller checked the volume is available and in the instance's zone. */
  VolumeEntry.Attachment attach(VolumeEntry volume, String instanceId, String device, Instant at) {
    volume.state = "in-use";
    volume.attachment = new VolumeEntry.Attachment(instanceId, device, at, false, "attaching");
    volume.dueAt = at.plus(ATTACH);
    volume.note("attaching " + instanceId + " " + device);
    return volume.attachment;
  }

  /** What EC2 does with a terminated instance's volumes: detach them, delete those marked so. */
  void instanceTerminated(String instanceId, Instant at) {
    for (VolumeEntry volume : attachedTo(instanceId)) {
      if (volume.attachment.deleteOnTermination) {
        volume.attachment = null;
        volume.state = "deleting";
        volume.note("deleting");
        volume.dueAt = at.plus(DELETE);
      } else {
        volume.attachment.state = "detaching";
        volume.note("detaching " + instanceId);
        volume.dueAt = at.plus(DETACH);
      }
    }
  }

  /** When the next volume changes by itself, or null. */
  Instant nextEventAt() {
    Instant next = null;
    for (VolumeEntry volume : byId.values()) {
      if (volume.dueAt != null && (next == null || volume.dueAt.isBefore(next))) {
        next = volume.dueAt;
      }
    }
    return next;
  }

  /** Applies the change due at {@code at} to the first volume that has one. */
  void step(Instant at) {
    for (VolumeEntry volume : byId.values()) {
      if (at.equals(volume.dueAt)) {
        volume.dueAt = null;
        if ("deleting".equals(volume.state)) {
          volume.note("deleted");
          byId.remove(volume.volumeId);
        } else if (volume.attachment != null && "attaching".equals(volume.attachment.state)) {
          volume.attachment.state = "attached";
          volume.note("attached " + volume.attachment.instanceId);
        } else if (volume.attachment != null && "detaching".equals(volume.attachment.state)) {
          volume.attachment = null;
          volume.state = "available";
          volume.note("available");
        }
        return;
      }
    }
  }
}
