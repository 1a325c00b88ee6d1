package dev.spotreplacer.sim;

import static dev.spotreplacer.sim.EmulatorFixture.INSTANCE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;

/** Volumes (attach, detach on termination, states) and Elastic IPs, through the real SDK client. */
class VolumesAndAddressesTest {

  static final String OTHER = "i-0fedcba9876543210";
  static final String DATA = "vol-0aaaaaaaaaaaaaaa1";
  static final String SPARE = "vol-0bbbbbbbbbbbbbbb2";
  static final String FAR = "vol-0ccccccccccccccc3";
  static final String EIP = "eipalloc-0123456789abcdef0";

  static Scenario scenario(String interruption) {
    return Scenario.fromJson("""
        {"region": "us-east-1",
         "instances": [{"instanceId": "%s", "instanceType": "m5.large", "availabilityZone": "us-east-1a"},
                       {"instanceId": "%s", "instanceType": "m5.large", "availabilityZone": "us-east-1a"}],
         "volumes": [{"volumeId": "%s", "instanceId": "%s", "device": "/dev/sdf", "sizeGiB": 50,
                      "tags": {"spot-replacer:follow": "true"}},
                     {"volumeId": "%s", "availabilityZone": "us-east-1a"},
                     {"volumeId": "%s", "availabilityZone": "us-east-1b"}],
         "addresses": [{"allocationId": "%s", "publicIp": "203.0.113.10", "instanceId": "%s"}],
         %s
         "pools": []}
        """.formatted(INSTANCE_ID, OTHER, DATA, INSTANCE_ID, SPARE, FAR, EIP, INSTANCE_ID, interruption));
  }

  private static String errorCode(Runnable call) {
    try {
      call.run();
    } catch (Ec2Exception e) {
      return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
    throw new AssertionError("no error");
  }

  @Test
  void describeVolumes_filtersByAttachmentInstanceAndTag() {
    try (EmulatorFixture f = EmulatorFixture.start(scenario(""))) {
      List<Volume> attached = f.ec2.describeVolumes(b -> b.filters(
          Filter.builder().name("attachment.instance-id").values(INSTANCE_ID).build())).volumes();
      List<Volume> tagged = f.ec2.describeVolumes(b -> b.filters(
          Filter.builder().name("tag:spot-replacer:follow").values("true").build())).volumes();

      assertThat(attached).extracting(Volume::volumeId).containsExactlyInAnyOrder(DATA,
          f.ec2.describeInstances(b -> b.instanceIds(INSTANCE_ID)).reservations().get(0).instances().get(0)
              .blockDeviceMappings().get(0).ebs().volumeId());
      assertThat(tagged).singleElement().satisfies(v -> {
        assertThat(v.volumeId()).isEqualTo(DATA);
        assertThat(v.stateAsString()).isEqualTo("in-use");
        assertThat(v.size()).isEqualTo(50);
        assertThat(v.attachments()).singleElement().satisfies(a -> {
          assertThat(a.device()).isEqualTo("/dev/sdf");
          assertThat(a.stateAsString()).isEqualTo("attached");
          assertThat(a.deleteOnTermination()).isFalse();
        });
      });
      assertThat(f.ec2.describeVolumes(b -> b.volumeIds(SPARE)).volumes().get(0).attachments()).isEmpty();
    }
  }

  @Test
  void attachVolume_refusesInUse_otherZone_andUnknownVolumes_withEc2Codes() {
    try (EmulatorFixture f = EmulatorFixture.start(scenario(""))) {
      assertThat(errorCode(() -> f.ec2.attachVolume(b -> b.volumeId(DATA).instanceId(OTHER).device("/dev/sdh"))))
          .isEqualTo("VolumeInUse: " + DATA + " is already attached to an instance");
      assertThat(errorCode(() -> f.ec2.attachVolume(b -> b.volumeId(FAR).instanceId(OTHER).device("/dev/sdh"))))
          .isEqualTo("InvalidVolume.ZoneMismatch: The volume '" + FAR
              + "' is not in the same availability zone as instance '" + OTHER + "'");
      assertThat(errorCode(() -> f.ec2.attachVolume(
              b -> b.volumeId("vol-0ddddddddddddddd4").instanceId(OTHER).device("/dev/sdh"))))
          .isEqualTo("InvalidVolume.NotFound: The volume ID 'vol-0ddddddddddddddd4' does not exist");
      assertThat(f.emulator.volume(DATA).orElseThrow().instanceId()).isEqualTo(INSTANCE_ID);
    }
  }

  @Test
  void attachVolume_isAttachingThenAttached() {
    try (EmulatorFixture f = EmulatorFixture.start(scenario(""))) {
      var attachment = f.ec2.attachVolume(b -> b.volumeId(SPARE).instanceId(OTHER).device("/dev/sdh"));
      assertThat(attachment.stateAsString()).isEqualTo("attaching");

      f.advance(3);

      SimVolume spare = f.emulator.volume(SPARE).orElseThrow();
      assertThat(spare.state()).isEqualTo("in-use");
      assertThat(spare.attachmentState()).isEqualTo("attached");
      assertThat(spare.history()).containsExactly("available", "attaching " + OTHER + " /dev/sdh", "attached " + OTHER);
      assertThat(errorCode(() -> f.ec2.attachVolume(b -> b.volumeId(SPARE).instanceId(INSTANCE_ID).device("/dev/sdh"))))
          .startsWith("VolumeInUse");
    }
  }

  @Test
  void scheduledInterruption_terminatesOnVirtualTime_andReleasesVolumesAndAddress() {
    String interruption = "\"interruption\": {\"instanceId\": \"" + INSTANCE_ID + "\", \"terminateAfterSeconds\": 120},";
    try (EmulatorFixture f = EmulatorFixture.start(scenario(interruption))) {
      String root = f.ec2.describeInstances(b -> b.instanceIds(INSTANCE_ID)).reservations().get(0).instances().get(0)
          .blockDeviceMappings().get(0).ebs().volumeId();
      f.advance(119);
      assertThat(f.emulator.instance(INSTANCE_ID).orElseThrow().state()).isEqualTo("running");

      f.advance(2);
      assertThat(f.emulator.instance(INSTANCE_ID).orElseThrow().state()).isEqualTo("shutting-down");
      assertThat(f.emulator.volume(DATA).orElseThrow().state()).isEqualTo("in-use");
      // While the instance shuts down the volume cannot be taken: no force-detach exists here.
      assertThat(errorCode(() -> f.ec2.attachVolume(b -> b.volumeId(DATA).instanceId(OTHER).device("/dev/sdf"))))
          .startsWith("VolumeInUse");

      f.advance(10);
      assertThat(f.emulator.instance(INSTANCE_ID).orElseThrow().state()).isEqualTo("terminated");
      assertThat(f.emulator.volume(DATA).orElseThrow().attachmentState()).isEqualTo("detaching");
      assertThat(f.emulator.address(EIP).orElseThrow().instanceId()).isNull();
      assertThat(errorCode(() -> f.ec2.attachVolume(b -> b.volumeId(root).instanceId(OTHER).device("/dev/sdj"))))
          .isEqualTo("IncorrectState: The volume '" + root + "' is not 'available'.");

      f.advance(5);
      SimVolume data = f.emulator.volume(DATA).orElseThrow();
      assertThat(data.state()).isEqualTo("available");
      assertThat(data.instanceId()).isNull();
      // The root volume was deleted on termination.
      assertThat(f.emulator.volumes()).extracting(SimVolume::volumeId).containsExactlyInAnyOrder(DATA, SPARE, FAR,
          f.ec2.describeVolumes(b -> b.filters(Filter.builder().name("attachment.instance-id").values(OTHER).build()))
              .volumes().get(0).volumeId());
      assertThat(f.emulator.actions()).doesNotContain("TerminateInstances");
    }
  }

  @Test
  void associateAddress_needsAllowReassociation_toMoveAnAssociatedAddress() {
    try (EmulatorFixture f = EmulatorFixture.start(scenario(""))) {
      assertThat(errorCode(() -> f.ec2.associateAddress(b -> b.allocationId(EIP).instanceId(OTHER))))
          .startsWith("Resource.AlreadyAssociated");

      String association = f.ec2.associateAddress(b -> b.allocationId(EIP).instanceId(OTHER).allowReassociation(true))
          .associationId();

      List<Address> byInstance = f.ec2.describeAddresses(b -> b.filters(
          Filter.builder().name("instance-id").values(OTHER).build())).addresses();
      assertThat(byInstance).singleElement().satisfies(a -> {
        assertThat(a.allocationId()).isEqualTo(EIP);
        assertThat(a.publicIp()).isEqualTo("203.0.113.10");
        assertThat(a.associationId()).isEqualTo(association).startsWith("eipassoc-");
      });
      assertThat(f.ec2.describeAddresses(b -> b.filters(
          Filter.builder().name("instance-id").values(INSTANCE_ID).build())).addresses()).isEmpty();
      assertThat(f.ec2.describeAddresses(b -> b.filters(
          Filter.builder().name("allocation-id").values(EIP).build())).addresses()).hasSize(1);

      f.ec2.disassociateAddress(b -> b.associationId(association));
      assertThat(f.emulator.address(EIP).orElseThrow().instanceId()).isNull();
    }
  }

  @Test
  void scenario_volumeOnAnUnknownInstance_isRefusedNamingTheField() {
    String json = """
        {"region": "us-east-1", "pools": [],
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large", "availabilityZone": "us-east-1a"}],
         "volumes": [{"volumeId": "vol-0aaaaaaaaaaaaaaa1", "instanceId": "i-0fedcba9876543210", "device": "/dev/sdf"}]}""";

    assertThatThrownBy(() -> Scenario.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("volumes[0].instanceId 'i-0fedcba9876543210' is not in instances");
  }

  @Test
  void scenario_badFields_areNamed() {
    String base = """
        {"region": "us-east-1", "pools": [],
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large", "availabilityZone": "us-east-1a"}],
         %s}""";

    assertThatThrownBy(() -> Scenario.fromJson(base.formatted(
        "\"volumes\": [{\"volumeId\": \"vol-1\", \"availabilityZone\": \"us-east-1a\"}]")))
        .hasMessage("volumes[0].volumeId 'vol-1' is not a volume id like vol-0123456789abcdef0");
    assertThatThrownBy(() -> Scenario.fromJson(base.formatted(
        "\"addresses\": [{\"allocationId\": \"eipalloc-0123456789abcdef0\", \"publicIp\": \"1.2.3\"}]")))
        .hasMessage("addresses[0].publicIp '1.2.3' is not an IPv4 address");
    assertThatThrownBy(() -> Scenario.fromJson(base.formatted(
        "\"interruption\": {\"instanceId\": \"i-0fedcba9876543210\"}")))
        .hasMessage("interruption.instanceId 'i-0fedcba9876543210' is not in instances");
    assertThatThrownBy(() -> Scenario.fromJson(base.formatted(
        "\"volumes\": [{\"volumeId\": \"vol-0aaaaaaaaaaaaaaa1\", \"instanceId\": \"i-0123456789abcdef0\"}]")))
        .hasMessage("volumes[0].device is required when instanceId is given");
  }
}
