package dev.spotreplacer.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One EBS volume's mutable state inside the market; guarded by the market's lock. */
final class VolumeEntry {

  /** The volume's one attachment (multi-attach is not modelled). */
  static final class Attachment {
    final String instanceId;
    final String device;
    final Instant attachTime;
    final boolean deleteOnTermination;
    String state;

    Attachment(String instanceId, String device, Instant attachTime, boolean deleteOnTermination, String state) {
      this.instanceId = instanceId;
      this.device = device;
      this.attachTime = attachTime;
      this.deleteOnTermination = deleteOnTermination;
      this.state = state;
    }
  }

  final String volumeId;
  final String availabilityZone;
  final int sizeGiB;
  final String volumeType;
  final Instant createTime;
  boolean encrypted;
  String kmsKeyId;
  final Map<String, String> tags = new LinkedHashMap<>();
  /** Every state and attachment change, for tests that must prove a volume never had two owners. */
  final List<String> history = new ArrayList<>();
  /** creating, available, in-use, deleting (deleted volumes leave the market). */
  String state;
  Attachment attachment;
  /** When the volume or its attachment next changes by itself, or null. */
  Instant dueAt;

  VolumeEntry(String volumeId, String availabilityZone, int sizeGiB, String volumeType, Instant createTime) {
    this.volumeId = volumeId;
    this.availabilityZone = availabilityZone;
    this.sizeGiB = sizeGiB;
    this.volumeType = volumeType;
    this.createTime = createTime;
  }

  void note(String event) {
    history.add(event);
  }

  SimVolume snapshot() {
    return new SimVolume(volumeId, availabilityZone, state,
        attachment == null ? null : attachment.instanceId,
        attachment == null ? null : attachment.device,
        attachment == null ? null : attachment.state,
        tags, history);
  }
}
