package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.AttachVolumeRequest;
import software.amazon.awssdk.services.ec2.model.AttachVolumeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/** DescribeVolumes and AttachVolume over the market's volumes, with EC2's refusals. */
final class VolumeActions {

  private final Market market;
  private final Filters<VolumeEntry> filters;

  VolumeActions(Market market) {
    this.market = market;
    this.filters = new Filters<VolumeEntry>()
        .field("volume-id", v -> v.volumeId)
        .field("status", v -> v.state)
        .field("availability-zone", v -> v.availabilityZone)
        .field("volume-type", v -> v.volumeType)
        .field("size", v -> String.valueOf(v.sizeGiB))
        .field("attachment.instance-id", v -> v.attachment == null ? null : v.attachment.instanceId)
        .field("attachment.device", v -> v.attachment == null ? null : v.attachment.device)
        .field("attachment.status", v -> v.attachment == null ? null : v.attachment.state)
        .field("attachment.delete-on-termination",
            v -> v.attachment == null ? null : String.valueOf(v.attachment.deleteOnTermination))
        .tags(v -> v.tags);
  }

  DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
    List<String> ids = Checks.distinct(request.volumeIds());
    Predicate<VolumeEntry> match = filters.compile(request.filters());
    List<VolumeEntry> candidates = ids.isEmpty() ? market.volumes().all() : existing(ids);
    Checks.dryRun(request.dryRun());
    return DescribeVolumesResponse.builder()
        .volumes(candidates.stream().filter(match).map(VolumeActions::view).toList())
        .build();
  }

  AttachVolumeResponse attachVolume(AttachVolumeRequest request) {
    if (request.volumeId() == null) {
      throw Ec2Fault.missing("VolumeId");
    }
    if (request.instanceId() == null) {
      throw Ec2Fault.missing("InstanceId");
    }
    if (request.device() == null || request.device().isEmpty()) {
      throw Ec2Fault.missing("Device");
    }
    VolumeEntry volume = existing(List.of(request.volumeId())).get(0);
    Checks.instanceIdFormat(request.instanceId());
    InstanceEntry instance = market.instance(request.instanceId()).orElseThrow(
        () -> Ec2Fault.notFound("InvalidInstanceID.NotFound", "instance", List.of(request.instanceId())));
    if (!"running".equals(instance.state()) && !"stopped".equals(instance.state())) {
      throw new Ec2Fault("IncorrectState", "Instance '" + instance.instanceId + "' is not 'running'.");
    }
    if (!volume.availabilityZone.equals(instance.launch.availabilityZone())) {
      throw new Ec2Fault("InvalidVolume.ZoneMismatch", "The volume '" + volume.volumeId
          + "' is not in the same availability zone as instance '" + instance.instanceId + "'");
    }
    if (volume.attachment != null) {
      throw new Ec2Fault("VolumeInUse", volume.volumeId + " is already attached to an instance");
    }
    if (!"available".equals(volume.state)) {
      throw new Ec2Fault("IncorrectState", "The volume '" + volume.volumeId + "' is not 'available'.");
    }
    boolean deviceTaken = market.volumes().attachedTo(instance.instanceId).stream()
        .anyMatch(v -> v.attachment.device.equals(request.device()));
    if (deviceTaken) {
      throw Ec2Fault.invalid("unixDevice", request.device(),
          "Attachment point " + request.device() + " is already in use");
    }
    Checks.dryRun(request.dryRun());
    VolumeEntry.Attachment attachment =
        market.volumes().attach(volume, instance.instanceId, request.device(), market.now());
    return AttachVolumeResponse.builder()
        .volumeId(volume.volumeId)
        .instanceId(attachment.instanceId)
        .device(attachment.device)
        .state(attachment.state)
        .attachTime(attachment.attachTime)
        .deleteOnTermination(attachment.deleteOnTermination)
        .build();
  }

  private List<VolumeEntry> existing(List<String> ids) {
    List<VolumeEntry> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!VolumeSpec.VOLUME_ID.matcher(id).matches()) {
        throw Ec2Fault.malformed("InvalidVolumeID.Malformed", id, "vol-xxxxxxxxxxxxxxxxx");
      }
      market.volumes().volume(id).ifPresentOrElse(found::add, () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      throw Ec2Fault.notFound("InvalidVolume.NotFound", "volume", missing);
    }
    return found;
  }

  private static Volume view(VolumeEntry volume) {
    Volume.Builder builder = Volume.builder()
        .volumeId(volume.volumeId)
        .size(volume.sizeGiB)
        .volumeType(volume.volumeType)
        .availabilityZone(volume.availabilityZone)
        .state(volume.state)
        .createTime(volume.createTime)
        .encrypted(volume.encrypted)
        .kmsKeyId(volume.kmsKeyId)
        .multiAttachEnabled(false)
        .tags(Views.tags(volume.tags))
        .attachments(volume.attachment == null ? List.of() : List.of(VolumeAttachment.builder()
            .volumeId(volume.volumeId)
            .instanceId(volume.attachment.instanceId)
            .device(volume.attachment.device)
            .state(volume.attachment.state)
            .attachTime(volume.attachment.attachTime)
            .deleteOnTermination(volume.attachment.deleteOnTermination)
            .build()));
    if ("gp3".equals(volume.volumeType)) {
      builder.iops(3000).throughput(125);
    } else if ("gp2".equals(volume.volumeType)) {
      builder.iops(Math.max(100, volume.sizeGiB * 3));
    }
    return builder.build();
  }
}
