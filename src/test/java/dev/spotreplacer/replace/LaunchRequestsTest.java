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

  /** The replacement has the original's key pair, groups, profile and user data, as EC2 describes it. */
  private static void carriesTheSpec(Flow flow, String instanceId) {
    var described = flow.ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    assertThat(described.keyName()).isEqualTo("ops");
    assertThat(described.securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0a1");
    assertThat(described.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/web");
    assertThat(flow.ec2.describeInstanceAttribute(b -> b.instanceId(instanceId).attribute("userData"))
        .userData().value()).isEqualTo("IyEvYmluL3NoCmV4cG9ydCBEQl9QQVNTV09SRD1odW50ZXIy");
  }

  /** The original, its captured plan, and CreateFleet from it on the flow's client. */
  private record FleetRun(Original original, Plan plan, FleetLauncher launcher) {
    static FleetRun on(Flow flow) {
      Original original = LaunchRequestsTest.original(flow);
      return new FleetRun(original, new Plans(flow.ec2, flow.clock).capture(original, Carryover.NONE),
          new FleetLauncher(flow.ec2, Flow.allSubnets()));
    }

    FleetLauncher.FleetEnd launch(List<PricedPool> pools, PriceCap cap, int attempt) {
      return launcher.launch(original, plan, pools, cap, attempt);
    }
  }

  private static PricedPool pool(String zone, String subnet, String price) {
    return new PricedPool(new Pool("m5.large", zone, subnet), new BigDecimal(price), Flow.T0);
  }

  @Test
  void encryptedRootVolume_isRecreatedEncryptedWithTheSameKey_inSpotRequestsAndTemplates() {
    List<BlockDeviceMapping> spot = LaunchRequests.mappings(List.of(ENCRYPTED_ROOT, PLAIN_DATA));
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
      PricedPool pool = pool("us-east-1b", "subnet-0b1", "0.031");

      LaunchAttempt attempt = launcher.request(original(flow), pool, 1);

      assertThat(attempt).isInstanceOf(LaunchAttempt.TokenTaken.class);
      assertThat(flow.emulator.spotRequests()).hasSize(2);
    }
  }

  @Test
  void onDemandLaunch_repeated_isTheSameInstance_taggedAtLaunch() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      RunLauncher launcher = new RunLauncher(flow.ec2, Flow.allSubnets());
      Original original = original(flow);

      RunLauncher.RunEnd first = launcher.onDemand(original, java.util.Map.of());
      RunLauncher.RunEnd second = launcher.onDemand(original, java.util.Map.of());

      assertThat(second).isEqualTo(first);
      String id = ((RunLauncher.RunEnd.Launched) first).instanceId();
      SimInstance launched = flow.emulator.instance(id).orElseThrow();
      assertThat(launched.lifecycle()).isEqualTo("on-demand");
      assertThat(launched.tags()).containsEntry(TagKeys.REPLACES, OLD).containsEntry("Name", "web-1");
      assertThat(flow.emulator.instances()).filteredOn(i -> !i.instanceId().equals(OLD)).hasSize(1);
      flow.clock.advance(java.time.Duration.ofSeconds(5));
      carriesTheSpec(flow, id);
      // The token names the interrupted instance: another interruption's fallback is not mistaken for it.
      assertThat(flow.ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0)
          .clientToken()).isEqualTo("spot-replacer-" + OLD + "-on-demand");
    }
  }

  @Test
  void onDemandWithoutCapacity_isRefusedWithEc2sCode() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Original original = original(flow);
      software.amazon.awssdk.services.ec2.Ec2Client full = org.mockito.Mockito.mock(
          software.amazon.awssdk.services.ec2.Ec2Client.class);
      org.mockito.Mockito.when(full.runInstances(org.mockito.ArgumentMatchers.any(
          software.amazon.awssdk.services.ec2.model.RunInstancesRequest.class))).thenThrow(
          software.amazon.awssdk.services.ec2.model.Ec2Exception.builder().awsErrorDetails(
              software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("InsufficientInstanceCapacity").build()).build());

      assertThat(new RunLauncher(full, Flow.allSubnets()).onDemand(original, java.util.Map.of()))
          .isEqualTo(new RunLauncher.RunEnd.Refused("InsufficientInstanceCapacity"));
    }
  }

  @Test
  void onDemandDryRun_launchesNothing() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      RunLauncher.RunEnd end = new RunLauncher(flow.ec2, Flow.allSubnets().withDryRun(true))
          .onDemand(original(flow), java.util.Map.of());

      assertThat(end).isInstanceOf(RunLauncher.RunEnd.DryRunPassed.class);
      assertThat(flow.emulator.instances()).hasSize(1);
    }
  }

  @Test
  void fleetDryRun_launchesNothing() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      FleetLauncher.FleetEnd end = new FleetLauncher(flow.ec2, Flow.allSubnets().withDryRun(true))
          .launch(original(flow), null, List.of(pool("us-east-1b", "subnet-0b1", "0.031")), PriceCap.NONE, 1);

      assertThat(end).isInstanceOf(FleetLauncher.FleetEnd.DryRunPassed.class);
      assertThat(flow.emulator.instances()).hasSize(1);
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void fleetToken_reusedWithOtherPools_isTokenTaken() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      FleetRun fleet = FleetRun.on(flow);
      fleet.launch(List.of(pool("us-east-1b", "subnet-0b1", "0.031")), PriceCap.NONE, 1);

      FleetLauncher.FleetEnd again = fleet.launch(List.of(pool("us-east-1c", "subnet-0c1", "0.035")),
          PriceCap.NONE, 1);

      assertThat(again).isInstanceOf(FleetLauncher.FleetEnd.TokenTaken.class);
    }
  }

  @Test
  void fleetOverSeveralPools_reportsTheChosenPool_orEachPoolsOwnRefusal() {
    String pools = THREE_POOLS.replace("\"0.0350\", \"capacity\": 10", "\"0.0350\", \"capacity\": 0");
    try (Flow flow = Flow.of(scenario("", pools))) {
      FleetRun fleet = FleetRun.on(flow);
      PricedPool b = pool("us-east-1b", "subnet-0b1", "0.031");
      PricedPool c = pool("us-east-1c", "subnet-0c1", "0.035");

      // 1b over the cap, 1c without capacity: each pool is reported with its own code.
      FleetLauncher.FleetEnd refused = fleet.launch(List.of(b, c),
          new PriceCap(new BigDecimal("0.030"), "MAX_PRICE 0.030"), 1);
      assertThat(refused).isEqualTo(new FleetLauncher.FleetEnd.NoCapacity(
          List.of("SpotMaxPriceTooLow", "InsufficientInstanceCapacity")));

      // 1c listed first, without capacity: the fleet launches in 1b, and says so.
      FleetLauncher.FleetEnd launched = fleet.launch(List.of(c, b), PriceCap.NONE, 2);
      assertThat(((FleetLauncher.FleetEnd.Launched) launched).pool()).isEqualTo(b);
      String id = ((FleetLauncher.FleetEnd.Launched) launched).instanceId();
      flow.clock.advance(java.time.Duration.ofSeconds(5));
      carriesTheSpec(flow, id);
    }
  }

  @Test
  void replacementTags_keepTheLinkFirst_andStopAtEc2sFifty() {
    java.util.Map<String, String> many = new java.util.TreeMap<>();
    for (int i = 0; i < 60; i++) {
      many.put(String.format("k%02d", i), "v");
    }
    many.put("aws:cloudformation:stack-name", "s");
    many.put(TagKeys.REPLACES, "i-0aaaaaaaaaaaaaaaa");
    Original original = new Original(OLD, "running", "spot", null, "Linux/UNIX", new LaunchSpec("ami-0a1", "m5.large",
        "us-east-1a", "subnet-0a1", List.of(), null, null, null, false, false, List.of()), many);

    List<Tag> tags = ReplacementTags.of(original, java.util.Map.of());

    assertThat(tags).hasSize(50);
    assertThat(tags.get(0)).isEqualTo(Tag.builder().key(TagKeys.REPLACES).value(OLD).build());
    assertThat(tags).extracting(Tag::key).doesNotContain("aws:cloudformation:stack-name").contains("k00", "k48")
        .doesNotContain("k49");
  }

  @Test
  void fleetLaunch_isTaggedAtLaunch_andKeepsToThePriceCap() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      FleetRun fleet = FleetRun.on(flow);
      PricedPool b = pool("us-east-1b", "subnet-0b1", "0.031");

      // The pool's price rose above the cap after ranking: EC2 must refuse it, not charge more.
      FleetLauncher.FleetEnd capped = fleet.launch(List.of(b),
          new PriceCap(new BigDecimal("0.030"), "MAX_PRICE 0.030"), 1);
      assertThat(capped).isEqualTo(new FleetLauncher.FleetEnd.NoCapacity(List.of("SpotMaxPriceTooLow")));

      // At the cap exactly, it launches.
      FleetLauncher.FleetEnd launched = fleet.launch(List.of(b),
          new PriceCap(new BigDecimal("0.031"), "MAX_PRICE 0.031"), 2);
      String id = ((FleetLauncher.FleetEnd.Launched) launched).instanceId();
      assertThat(((FleetLauncher.FleetEnd.Launched) launched).pool()).isEqualTo(b);
      assertThat(flow.emulator.instance(id).orElseThrow().tags())
          .containsEntry(TagKeys.REPLACES, OLD).containsEntry("Name", "web-1");
      assertThat(ReplacementTags.of(fleet.original(), java.util.Map.of())).first().isEqualTo(Tag.builder().key(TagKeys.REPLACES).value(OLD)
          .build());
    }
  }
}
