package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

class AttachedVolumesTest {

  private static final String INSTANCE = "i-0123456789abcdef0";
  private static final Volume ROOT = attached("vol-0aaaaaaaaaaaaaaa1", INSTANCE, 8);
  private static final Volume SCRATCH = attached("vol-0aaaaaaaaaaaaaaa2", INSTANCE, 20);
  private static final Volume DATA = attached("vol-0aaaaaaaaaaaaaaa3", INSTANCE, 100);

  private static Volume attached(String volumeId, String instanceId, int size) {
    return Volume.builder().volumeId(volumeId).size(size).volumeType("gp3")
        .attachments(VolumeAttachment.builder().volumeId(volumeId).instanceId(instanceId).device("/dev/sdf")
            .state("attached").build()).build();
  }

  private static DescribeVolumesResponse answer(Volume... volumes) {
    return DescribeVolumesResponse.builder().volumes(volumes).build();
  }

  @Test
  void everyIdAttached_isServedWithTheSameVolumes_inTheOrderAsked() {
    DescribeVolumesResponse served = AttachedVolumes.byIds(answer(ROOT, DATA, SCRATCH),
        List.of(SCRATCH.volumeId(), ROOT.volumeId()), INSTANCE).orElseThrow();

    assertThat(served.volumes()).containsExactly(SCRATCH, ROOT);
    assertThat(served.nextToken()).isNull();
  }

  @Test
  void idMissingFromTheAttachedVolumes_isLeftToEc2() {
    assertThat(AttachedVolumes.byIds(answer(ROOT), List.of(ROOT.volumeId(), SCRATCH.volumeId()), INSTANCE))
        .isEmpty();
  }

  @Test
  void volumeAttachedToAnotherInstance_isLeftToEc2() {
    Volume elsewhere = attached(ROOT.volumeId(), "i-0fedcba9876543210", 8);

    assertThat(AttachedVolumes.byIds(answer(elsewhere), List.of(ROOT.volumeId()), INSTANCE)).isEmpty();
  }

  @Test
  void incompleteAnswerOrRepeatedIds_areLeftToEc2() {
    DescribeVolumesResponse firstPage = answer(ROOT).toBuilder().nextToken("more").build();

    assertThat(AttachedVolumes.byIds(firstPage, List.of(ROOT.volumeId()), INSTANCE)).isEmpty();
    assertThat(AttachedVolumes.byIds(answer(ROOT), List.of(ROOT.volumeId(), ROOT.volumeId()), INSTANCE)).isEmpty();
  }
}
