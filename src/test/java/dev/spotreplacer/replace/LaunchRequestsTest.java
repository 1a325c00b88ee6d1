package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.sim.SimInstance;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;

/** What each launch call carries: tags at launch, ClientTokens, price caps and the volumes' encryption. */
class LaunchRequestsTest {

  static final BlockDevice ENCRYPTED_ROOT = new BlockDevice("/dev/xvda", 30, "gp3", 3000, 125, true,
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", true);
  static final BlockDevice PLAIN_DATA = new BlockDevice("/dev/sdg", 20, "io2", 4000, null, false, null, true);

  private static Original original(Flow flow) {
    return new Inspector(flow.ec2).inspect(OLD).described().orElseThrow();
  }

  private static Original withDevices(Original original, List<BlockDevice> devices) {
    LaunchSpec s = original.spec();
    return new Original(original.instanceId(), original.state(), original.lifecycle(), original.spotRequestId(),
        original.platform(), new LaunchSpec(s.imageId(), s.instanceType(), s.availabilityZone(), s.subnetId(),
        s.securityGroupIds(), s.keyName(), s.iamInstanceProfileArn(), s.userData(), s.ebsOptimized(),
        s.monitoring(), devices), original.tags());
  }

  @Test
  void encryptedRootVolume_isRecreatedEncryptedWithTheSameKey_inSpotRequestsAndTemplates() {
    List<BlockDeviceMapping> spot = Launcher.mappings(List.of(ENCRYPTED_ROOT, PLAIN_DATA));
    assertThat(spot.get(0).ebs().encrypted()).isTrue();
    assertThat(spot.get(0).ebs().kmsKeyId()).isEqualTo(ENCRYPTED_ROOT.kmsKeyId());
    assertThat(spot.get(0).ebs().iops()).isEqualTo(3000);
    assertThat(spot.get(0).ebs().throughput()).isEqualTo(125);
    assertThat(spot.get(1).ebs().encrypted()).isNull();
    assertThat(spot.get(1).ebs().kmsKeyId()).isNull();
    assertThat(spot.get(1).ebs().iops()).isEqualTo(4000);
    assertThat(spot.get(1).ebs().throughput()).isNull();

    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      RequestLaunchTemplateData data = FleetLauncher.templateData(withDevices(original(flow),
          List.of(ENCRYPTED_ROOT, PLAIN_DATA)));
      LaunchTemplateBlockDeviceMappingRequest root = data.blockDeviceMappings().get(0);
      assertThat(root.ebs().encrypted()).isTrue();
      assertThat(root.ebs().kmsKeyId()).isEqualTo(ENCRYPTED_ROOT.kmsKeyId());
      assertThat(root.ebs().throughput()).isEqualTo(125);
      assertThat(data.blockDeviceMappings().get(1).ebs().encrypted()).isNull();
      assertThat(data.blockDeviceMappings().get(1).ebs().iops()).isEqualTo(4000);
      assertThat(data.instanceTypeAsString()).isEqualTo("m5.large");
    }
  }

  @Test
  void spotRequestTokenReusedWithOtherParameters_isTokenTaken_notANewRequest() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      flow.ec2.requestSpotInstances(b -> b.instanceCount(1).clientToken(Launcher.clientToken(OLD, 1))
          .launchSpecification(l -> l.imageId("ami-0other").instanceType("m5.large").subnetId("subnet-0c1")));
      Launcher launcher = new Launcher(flow.ec2, Flow.allSubnets(), flow.clock, flow.clock,
          () -> new java.util.SplittableRandom(7));
      PricedPool pool = new PricedPool(new Pool("m5.large", "us-east-1b", "subnet-0b1"), new BigDecimal("0.031"), Flow.T0);

      LaunchAttempt attempt = launcher.request(original(flow), pool, 1);

      assertThat(attempt).isInstanceOf(LaunchAttempt.TokenTaken.class);
      assertThat(flow.emulator.spotRequests()).hasSize(2);
    }
  }

  @Test
  void onDemandLaunch_repeated_isTheSameInstance_taggedAtLaunch() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      OnDemandLauncher launcher = new OnDemandLauncher(flow.ec2, Flow.allSubnets());
      Original original = original(flow);

      OnDemandLauncher.OnDemandEnd first = launcher.launch(original);
      OnDemandLauncher.OnDemandEnd second = launcher.launch(original);

      assertThat(second).isEqualTo(first);
      String id = ((OnDemandLauncher.OnDemandEnd.Launched) first).instanceId();
      SimInstance launched = flow.emulator.instance(id).orElseThrow();
      assertThat(launched.lifecycle()).isEqualTo("on-demand");
      assertThat(launched.tags()).containsEntry(Launcher.REPLACES_TAG, OLD).containsEntry("Name", "web-1");
      assertThat(flow.emulator.instances()).filteredOn(i -> !i.instanceId().equals(OLD)).hasSize(1);
    }
  }

  @Test
  void fleetLaunch_isTaggedAtLaunch_andKeepsToThePriceCap() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Original original = original(flow);
      Plan plan = new Plans(flow.ec2, flow.clock).capture(original, Carryover.NONE);
      FleetLauncher fleet = new FleetLauncher(flow.ec2, Flow.allSubnets());
      PricedPool b = new PricedPool(new Pool("m5.large", "us-east-1b", "subnet-0b1"), new BigDecimal("0.031"), Flow.T0);

      // The pool's price rose above the cap after ranking: EC2 must refuse it, not charge more.
      FleetLauncher.FleetEnd capped = fleet.launch(original, plan, List.of(b),
          new PriceCap(new BigDecimal("0.030"), "MAX_PRICE 0.030"), 1);
      assertThat(capped).isEqualTo(new FleetLauncher.FleetEnd.NoCapacity(List.of("SpotMaxPriceTooLow")));

      // At the cap exactly, it launches.
      FleetLauncher.FleetEnd launched = fleet.launch(original, plan, List.of(b),
          new PriceCap(new BigDecimal("0.031"), "MAX_PRICE 0.031"), 2);
      String id = ((FleetLauncher.FleetEnd.Launched) launched).instanceId();
      assertThat(flow.emulator.instance(id).orElseThrow().tags())
          .containsEntry(Launcher.REPLACES_TAG, OLD).containsEntry("Name", "web-1");
      assertThat(ReplacementTags.of(original)).first().isEqualTo(Tag.builder().key(Launcher.REPLACES_TAG).value(OLD)
          .build());
    }
  }
}
