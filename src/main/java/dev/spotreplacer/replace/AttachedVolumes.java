package dev.spotreplacer.replace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Answers a DescribeVolumes by volume ids from the answer to DescribeVolumes filtered on
 * {@code attachment.instance-id}, so one read serves both Inspector and CarryoverFinder.
 *
 * <p>A filter picks volumes, it does not trim them: a volume in the filtered answer is described
 * exactly as a by-id call would describe it. So the by-id answer is served only when every id is
 * in the filtered answer, attached to the instance, the answer is complete and no id is repeated;
 * otherwise (a volume detached meanwhile, an unknown id that EC2 would refuse) the caller asks EC2.
 */
final class AttachedVolumes {

  private AttachedVolumes() {}

  /** The by-id answer, in the order asked, or empty when only EC2 can give it. */
  static Optional<DescribeVolumesResponse> byIds(DescribeVolumesResponse attached, List<String> ids,
      String instanceId) {
    if (ids.isEmpty() || attached.nextToken() != null || new HashSet<>(ids).size() != ids.size()) {
      return Optional.empty();
    }
    Map<String, Volume> byId = new HashMap<>();
    for (Volume volume : attached.volumes()) {
      boolean toInstance = volume.attachments().stream().anyMatch(a -> instanceId.equals(a.instanceId()));
      if (toInstance && volume.volumeId() != null) {
        byId.putIfAbsent(volume.volumeId(), volume);
      }
    }
    if (!byId.keySet().containsAll(ids)) {
      return Optional.empty();
    }
    return Optional.of(attached.toBuilder().volumes(ids.stream().map(byId::get).toList()).nextToken(null).build());
  }
}
