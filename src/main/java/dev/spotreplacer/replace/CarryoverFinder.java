package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/**
 * Works out what the replacement must take over: the Elastic IP the interrupted instance holds
 * (or names in the tag {@code spot-replacer:eip}) and its data volumes marked to follow (tag
 * {@code spot-replacer:follow=true} on the volume, or listed in {@code spot-replacer:volumes} on the
 * instance). Read-only; a plan an earlier invocation recorded on its spot request wins.
 */
final class CarryoverFinder {

  private static final Pattern ALLOCATION_ID = Pattern.compile("eipalloc-[0-9a-f]{8}(?:[0-9a-f]{9})?");
  private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8}(?:[0-9a-f]{9})?");

  private final Ec2Client ec2;
  private final Progress progress;

  CarryoverFinder(Ec2Client ec2, Progress progress) {
    this.ec2 = ec2;
    this.progress = progress;
  }

  /** The recorded plan of an existing replacement, else what the original holds now. */
  Carryover plan(Original original, Optional<Replacements.Existing> existing) {
    Optional<Carryover> recorded = existing.flatMap(e -> Carryover.fromRequestTags(e.tags()));
    Carryover carry = recorded.orElseGet(() -> find(original));
    if (!carry.isEmpty()) {
      progress.note("taking over: " + carry
          + (carry.volumes().isEmpty() ? "" : "; the replacement stays in " + carry.requiredZone(original)));
    }
    return carry;
  }

  Carryover find(Original original) {
    ElasticIp eip = elasticIp(original);
    List<DataVolume> volumes = volumes(original);
    return new Carryover(eip, volumes, interfaces(original));
  }

  private ElasticIp elasticIp(Original original) {
    String named = original.tags().get(TagKeys.EIP);
    try {
      if (named != null) {
        // The value is not repeated in the message: tag values are not logged.
        if (!ALLOCATION_ID.matcher(named.trim()).matches()) {
          throw new StepFailure(Reason.Code.BAD_EIP_TAG, "the tag " + TagKeys.EIP + " on " + original.instanceId()
              + " must be an Elastic IP allocation id (eipalloc- and 8 or 17 hex digits): fix or remove it", null);
        }
        List<Address> found = ec2.describeAddresses(b -> b.allocationIds(named.trim())).addresses();
        return found.isEmpty() ? new ElasticIp(named.trim(), null)
            : new ElasticIp(found.get(0).allocationId(), found.get(0).publicIp());
      }
      return ec2.describeAddresses(b -> b.filters(
              Filter.builder().name("instance-id").values(original.instanceId()).build()))
          .addresses().stream()
          .filter(a -> a.allocationId() != null)
          .findFirst()
          .map(a -> new ElasticIp(a.allocationId(), a.publicIp()))
          .orElse(null);
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidAllocationID.NotFound")) {
        throw new StepFailure(Reason.Code.UNKNOWN_ELASTIC_IP, "the tag " + TagKeys.EIP + " on " + original.instanceId()
            + " names an Elastic IP EC2 does not know in this region: fix or remove it", e);
      }
      throw Ec2Errors.translate(e, "DescribeAddresses");
    }
  }

  private List<DataVolume> volumes(Original original) {
    Set<String> listed = listedVolumes(original);
    List<Volume> attached;
    try {
      attached = ec2.describeVolumes(b -> b.filters(
          Filter.builder().name("attachment.instance-id").values(original.instanceId()).build())).volumes();
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeVolumes");
    }
    // The root and scratch volumes are recreated empty; they cannot follow.
    Set<String> recreated = original.spec().blockDevices().stream()
        .map(BlockDevice::deviceName).collect(Collectors.toSet());
    List<DataVolume> follow = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Volume volume : attached) {
      Optional<VolumeAttachment> attachment = volume.attachments().stream()
          .filter(a -> original.instanceId().equals(a.instanceId())).findFirst();
      if (attachment.isEmpty()) {
        continue;
      }
      seen.add(volume.volumeId());
      boolean tagged = volume.tags().stream()
          .anyMatch(t -> TagKeys.FOLLOW.equals(t.key()) && "true".equalsIgnoreCase(t.value()));
      if (!tagged && !listed.contains(volume.volumeId())) {
        continue;
      }
      String device = attachment.get().device();
      if (recreated.contains(device) || Boolean.TRUE.equals(attachment.get().deleteOnTermination())) {
        progress.note(volume.volumeId() + " at " + device + " is the root volume or is deleted with "
            + original.instanceId() + ": it cannot follow");
      } else if (Boolean.TRUE.equals(volume.multiAttachEnabled())) {
        progress.note(volume.volumeId() + " is a multi-attach volume: attach it to the replacement yourself");
      } else {
        follow.add(new DataVolume(volume.volumeId(), device));
      }
    }
    listed.stream().filter(id -> !seen.contains(id)).forEach(id -> progress.note(
        TagKeys.VOLUMES + " names " + id + ", which is not attached to " + original.instanceId() + ": left alone"));
    follow.sort(Comparator.comparing(DataVolume::device));
    return follow;
  }

  /**
   * Secondary network interfaces that survive the old instance and carry spot-replacer:follow=true,
   * like volumes: they come back on the replacement at the same device index, with the private
   * address the rest of the network knows. Asked for only when the instance has such interfaces.
   */
  private List<DataInterface> interfaces(Original original) {
    List<String> ids = original.spec().options().survivingInterfaces();
    if (ids.isEmpty()) {
      return List.of();
    }
    List<NetworkInterface> found;
    try {
      found = ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(ids)).networkInterfaces();
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeNetworkInterfaces");
    }
    List<DataInterface> follow = new ArrayList<>();
    for (NetworkInterface nic : found) {
      boolean tagged = nic.tagSet().stream()
          .anyMatch(t -> TagKeys.FOLLOW.equals(t.key()) && "true".equalsIgnoreCase(t.value()));
      if (!tagged || nic.attachment() == null || nic.attachment().deviceIndex() == null) {
        continue;
      }
      follow.add(new DataInterface(nic.networkInterfaceId(), nic.attachment().deviceIndex()));
    }
    follow.sort(Comparator.comparing(DataInterface::deviceIndex));
    return follow;
  }

  /** The ids in the instance's volume list tag, comma or space separated. */
  private static Set<String> listedVolumes(Original original) {
    String value = original.tags().get(TagKeys.VOLUMES);
    Set<String> ids = new LinkedHashSet<>();
    if (value == null) {
      return ids;
    }
    List<String> entries = Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    for (int i = 0; i < entries.size(); i++) {
      if (!VOLUME_ID.matcher(entries.get(i)).matches()) {
        throw new StepFailure(Reason.Code.BAD_VOLUMES_TAG, "entry " + (i + 1) + " of the tag " + TagKeys.VOLUMES + " on "
            + original.instanceId() + " is not a volume id (vol- and 8 or 17 hex digits): fix the list", null);
      }
      ids.add(entries.get(i));
    }
    return ids;
  }
}
