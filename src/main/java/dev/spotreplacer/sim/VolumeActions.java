package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/** DescribeVolumes over the volumes attached to the modelled instances. */
final class VolumeActions {

  private final Market market;

  VolumeActions(Market market) {
    this.market = market;
  }

  DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
    List<String> ids = Checks.distinct(request.volumeIds());
    Checks.dryRun(request.dryRun());
    List<Volume> found = new ArrayList<>();
    for (InstanceEntry instance : market.instances()) {
      if ("terminated".equals(instance.state())) {
        continue;
      }
      for (InstanceEntry.Volume volume : instance.volumes) {
        if (ids.isEmpty() || ids.contains(volume.volumeId())) {
          found.add(view(instance, volume));
        }
      }
    }
    List<String> missing = ids.stream()
        .filter(id -> found.stream().noneMatch(v -> v.volumeId().equals(id))).toList();
    if (!missing.isEmpty()) {
      throw Ec2Fault.notFound("InvalidVolume.NotFound", "volume", missing);
    }
    return DescribeVolumesResponse.builder().volumes(found).build();
  }

  private static Volume view(InstanceEntry instance, InstanceEntry.Volume volume) {
    String type = volume.device().volumeType();
    Volume.Builder builder = Volume.builder()
        .volumeId(volume.volumeId())
        .size(volume.device().sizeGiB())
        .volumeType(type)
        .availabilityZone(instance.launch.availabilityZone())
        .state("in-use")
        .createTime(volume.attachTime())
        .encrypted(false)
        .multiAttachEnabled(false)
        .attachments(VolumeAttachment.builder()
            .volumeId(volume.volumeId())
            .instanceId(instance.instanceId)
            .device(volume.device().deviceName())
            .state("attached")
            .attachTime(volume.attachTime())
            .deleteOnTermination(volume.device().deleteOnTermination())
            .build());
    if ("gp3".equals(type)) {
      builder.iops(3000).throughput(125);
    } else if ("gp2".equals(type)) {
      builder.iops(Math.max(100, volume.device().sizeGiB() * 3));
    }
    return builder.build();
  }
}
