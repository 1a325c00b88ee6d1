package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.sim.SimInstance;
import dev.spotreplacer.sim.SimVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replacement takes over the old instance's Elastic IP and data volumes, safely. */
class HandoverFlowTest {

  static final String EIP = "eipalloc-0123456789abcdef0";
  static final String IP = "203.0.113.10";
  static final String DATA = "vol-0aaaaaaaaaaaaaaa1";
  static final String SCRATCH = "vol-0aaaaaaaaaaaaaaa2";

  static final String VOLUMES = """
      [{"volumeId": "%s", "instanceId": "%s", "device": "/dev/sdf", "sizeGiB": 100,
        "tags": {"spot-replacer:follow": "true"}},
       {"volumeId": "%s", "instanceId": "%s", "device": "/dev/sdg", "sizeGiB": 20}]""".formatted(DATA, OLD, SCRATCH, OLD);
  static final String ADDRESS = "[{\"allocationId\": \"" + EIP + "\", \"publicIp\": \"" + IP + "\", \"instanceId\": \"" + OLD + "\"}]";
  static final String INTERRUPTION = "{\"instanceId\": \"" + OLD + "\", \"terminateAfterSeconds\": 120}";

  /** The usual scenario plus volumes, addresses and EC2 terminating the old instance 120 s in. */
  static String stateful(String extraTags, String volumes, String addresses) {
    return Flow.scenario(extraTags, THREE_POOLS).replace("\"seed\": 7}", "\"volumes\": " + volumes
        + ", \"addresses\": " + addresses + ", \"interruption\": " + INTERRUPTION + ", \"seed\": 7}");
  }

  static String terminated(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"evt-term-" + instanceId + "\",\"detail-type\":\"EC2 Instance State-change Notification\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T10:02:10Z\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId + "\"],"
        + "\"detail\":{\"instance-id\":\"" + instanceId + "\",\"state\":\"terminated\"}}";
  }

  private static List<SimInstance> replacements(Flow flow) {
    return flow.emulator.instances().stream().filter(i -> !i.instanceId().equals(OLD)).toList();
  }

  @Test
  void elasticIp_movesToTheReplacement_whichStillGoesToTheCheapestZone() {
    try (Flow flow = Flow.of(stateful("", "[]", ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      String newId = result.replacementInstanceId();
      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(result.elasticIp()).isEqualTo(new ElasticIp(EIP, IP));
      assertThat(result.message()).isEqualTo(newId + " replaces " + OLD + "; it holds the Elastic IP " + IP
          + " (" + EIP + ")");
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(newId);
      assertThat(flow.emulator.address(EIP).orElseThrow().history())
          .containsExactly("associated " + OLD, "disassociated " + OLD, "associated " + newId);
      assertThat(result.apiCalls()).containsEntry("AssociateAddress", 1L).containsEntry("DescribeAddresses", 2L);
      assertThat(result.volumes()).isNull();
    }
  }

  @Test
  void eipTag_namesAnUnassociatedAddressToGiveTheReplacement() {
    String free = "[{\"allocationId\": \"" + EIP + "\", \"publicIp\": \"" + IP + "\"}]";
    try (Flow flow = Flow.of(stateful(", \"spot-replacer:eip\": \"" + EIP + "\"", "[]", free))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.elasticIp()).isEqualTo(new ElasticIp(EIP, IP));
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(result.replacementInstanceId());
    }
  }

  @Test
  void malformedEipTag_failsNamingTheTag_beforeAnyMutatingCall() {
    try (Flow flow = Flow.of(stateful(", \"spot-replacer:eip\": \"203.0.113.10\"", "[]", "[]"))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("bad-eip-tag");
      assertThat(result.message()).isEqualTo("the tag spot-replacer:eip on " + OLD + " must be an Elastic IP"
          + " allocation id (eipalloc- and 8 or 17 hex digits): fix or remove it");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void followingVolume_reattachesAtTheSameDevice_inTheVolumesZone() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      String newId = result.replacementInstanceId();
      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.reason().wireName()).isEqualTo("running");
      // 1b is cheaper, but the volume lives in 1a: only 1a is a candidate.
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone).containsExactly("us-east-1a");
      assertThat(result.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(result.volumesPending()).isNull();
      assertThat(result.message()).isEqualTo(newId + " replaces " + OLD + "; it holds the Elastic IP " + IP
          + " (" + EIP + "), " + DATA + " at /dev/sdf");
      SimVolume data = flow.emulator.volume(DATA).orElseThrow();
      assertThat(data.instanceId()).isEqualTo(newId);
      assertThat(data.device()).isEqualTo("/dev/sdf");
      assertThat(data.availabilityZone()).isEqualTo("us-east-1a");
      // The volume not marked to follow stays behind, detached.
      assertThat(flow.emulator.volume(SCRATCH).orElseThrow().state()).isEqualTo("available");
      assertThat(flow.emulator.volume(SCRATCH).orElseThrow().instanceId()).isNull();
      assertThat(result.apiCalls()).containsEntry("AttachVolume", 1L);
      assertThat(result.apiCalls()).isEqualTo(flow.emulator.actionCounts());
    }
  }

  @Test
  void volumeStillInUseByTheOldInstance_isWaitedFor_neverDetached() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, "[]"))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      String newId = result.replacementInstanceId();
      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      // Running after ~44 s, but the volume is only free once EC2 terminated the old instance (130 s + 5 s).
      assertThat(result.timings().runningMs()).isLessThan(60_000L);
      assertThat(result.timings().totalMs()).isGreaterThanOrEqualTo(135_000L);
      assertThat(flow.progress).contains("waiting for " + OLD + " to release " + DATA);
      assertThat(flow.emulator.actions()).doesNotContain("DetachVolume", "TerminateInstances");
      // Attached exactly once, and only after EC2 had released it from the old instance.
      assertThat(flow.emulator.volume(DATA).orElseThrow().history()).containsExactly(
          "attached " + OLD + " /dev/sdf", "detaching " + OLD, "available",
          "attaching " + newId + " /dev/sdf", "attached " + newId);
      assertThat(flow.emulator.actionCounts()).containsEntry("AttachVolume", 1L);
    }
  }

  @Test
  void followingVolume_withoutAConfiguredSubnetInItsZone_usesTheOriginalSubnet() {
    Settings elsewhere = Settings.defaults().withSubnetIds(List.of("subnet-0b1", "subnet-0c1"));
    try (Flow flow = Flow.of(stateful("", VOLUMES, "[]"))) {
      Result result = flow.replace(elsewhere, warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::subnetId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1a", "subnet-0a1"));
      assertThat(result.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
    }
  }

  @Test
  void elasticIpNamedByTagButHeldByAThirdInstance_isLeftThere() {
    String third = "i-0fedcba9876543210";
    String onThird = ADDRESS.replace(OLD, third);
    String scenario = stateful(", \"spot-replacer:eip\": \"" + EIP + "\"", "[]", onThird)
        .replace("\"instances\": [{", "\"instances\": [{\"instanceId\": \"" + third
            + "\", \"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1a\", \"lifecycle\": \"on-demand\"},\n {");
    try (Flow flow = Flow.of(scenario)) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("handover-incomplete");
      assertThat(result.message()).isEqualTo(result.replacementInstanceId() + " replaces " + OLD
          + " and is running, but the Elastic IP " + EIP + " is now on " + third
          + " and was left there; associate it by hand if it belongs to the replacement");
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(third);
      assertThat(flow.emulator.actions()).doesNotContain("AssociateAddress");
    }
  }

  @Test
  void fleetLaunch_volumeWaitingForTheOriginal_isFinishedByTheStateChangeNotice_fromThePlan() {
    // RequestSpotInstances denied: CreateFleet launches, and no spot request holds the handover plan.
    String denied = stateful("", VOLUMES, ADDRESS).replace("\"seed\": 7}", "\"seed\": 7, \"deny\": [\"RequestSpotInstances\"]}");
    try (Flow flow = Flow.of(denied)) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(90));
      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      // The Elastic IP waits for the old instance to stop serving (ELASTIC_IP_HANDOVER's default), the volume too.
      assertThat(first.reason().wireName()).isEqualTo("elastic-ip-waiting");
      assertThat(first.launchStrategy()).isEqualTo("fleet");

      flow.clock.advance(Duration.ofSeconds(60));
      Result second = flow.replace(allSubnets(), terminated(OLD));

      assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(flow.emulator.volume(DATA).orElseThrow().instanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.apiCalls()).containsEntry("DeleteLaunchTemplate", 1L);
    }
  }

  @Test
  void volumesThatCannotFollow_areNamedInTheProgress_andLeftAlone() {
    String volumes = VOLUMES.replace("]", """
        ,
         {"volumeId": "vol-0aaaaaaaaaaaaaaa3", "instanceId": "%s", "device": "/dev/sdh", "sizeGiB": 5,
          "deleteOnTermination": true},
         {"volumeId": "vol-0aaaaaaaaaaaaaaa4", "availabilityZone": "us-east-1a", "sizeGiB": 5}]""".formatted(OLD));
    String listed = ", \"spot-replacer:volumes\": \"vol-0aaaaaaaaaaaaaaa3, vol-0aaaaaaaaaaaaaaa4\"";
    try (Flow flow = Flow.of(stateful(listed, volumes, ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(flow.progress).contains(
          "taking over: Elastic IP " + EIP + ", volumes [" + DATA + " at /dev/sdf]; the replacement stays in us-east-1a",
          "vol-0aaaaaaaaaaaaaaa3 at /dev/sdh is the root volume or is deleted with " + OLD + ": it cannot follow",
          "spot-replacer:volumes names vol-0aaaaaaaaaaaaaaa4, which is not attached to " + OLD + ": left alone");
      assertThat(flow.emulator.volume("vol-0aaaaaaaaaaaaaaa4").orElseThrow().instanceId()).isNull();
    }
  }

  @Test
  void volumeTaggedFollowOtherThanTrue_staysBehind() {
    String notFollowing = VOLUMES.replace("\"spot-replacer:follow\": \"true\"", "\"spot-replacer:follow\": \"no\"");
    try (Flow flow = Flow.of(stateful("", notFollowing, ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.volumes()).isNull();
      // Nothing ties it to 1a: the cheapest zone serves.
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(flow.emulator.actions()).doesNotContain("AttachVolume");
    }
  }

  @Test
  void budgetExhausted_beforeTheOldInstanceStops_leavesItsAddressAndVolume_thenTheStateChangeNoticeFinishes() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(90));

      String newId = first.replacementInstanceId();
      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      assertThat(first.reason().wireName()).isEqualTo("elastic-ip-waiting");
      assertThat(first.message()).isEqualTo(newId + " is running; the Elastic IP " + EIP + " moves when the old"
          + " instance stops serving (terminated, or the interruption time reached) (ELASTIC_IP_HANDOVER="
          + "old-instance-stopped), which the time limit came first; a re-delivery or the state-change notice for "
          + OLD + " reaching terminated finishes the handover");
      assertThat(first.elasticIp()).isNull();
      assertThat(first.state()).isEqualTo("running");
      // The old instance still serves: its address and volume stay with it.
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(OLD);
      assertThat(flow.emulator.volume(DATA).orElseThrow().instanceId()).isEqualTo(OLD);

      flow.clock.advance(Duration.ofSeconds(60));
      Result second = flow.replace(allSubnets(), terminated(OLD));

      assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(newId);
      assertThat(second.spotRequestId()).isEqualTo(first.spotRequestId());
      assertThat(second.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(second.elasticIp()).isEqualTo(new ElasticIp(EIP, IP));
      assertThat(second.apiCalls()).doesNotContainKeys("RequestSpotInstances", "CreateTags")
          .containsEntry("AssociateAddress", 1L).containsEntry("AttachVolume", 1L);
      assertThat(flow.emulator.volume(DATA).orElseThrow().instanceId()).isEqualTo(newId);
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(newId);
      assertThat(replacements(flow)).hasSize(1);

      Result again = flow.replace(allSubnets(), terminated(OLD));
      assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(again.reason().wireName()).isEqualTo("already-replaced");
      assertThat(again.apiCalls()).doesNotContainKeys("AttachVolume", "AssociateAddress");
    }
  }

  @Test
  void runInstancesReplacement_carriesItsHandoverPlanOnItself_soTheTerminatedNoticeFinishes() {
    String imdsv2 = stateful("", VOLUMES, ADDRESS).replace("\"securityGroupIds\": [\"sg-0a1\"]",
        "\"securityGroupIds\": [\"sg-0a1\"], \"options\": {\"httpTokens\": \"required\"}");
    try (Flow flow = Flow.of(imdsv2)) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(90));

      assertThat(first.launchStrategy()).isEqualTo("run-instances");
      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      // No spot request to record the plan on: the instance carries it from launch, and only it.
      assertThat(flow.emulator.instance(first.replacementInstanceId()).orElseThrow().tags())
          .containsEntry("spot-replacer:carry-eip", EIP).containsEntry("spot-replacer:carry-volume:" + DATA, "/dev/sdf");

      flow.clock.advance(Duration.ofSeconds(60));
      Result second = flow.replace(allSubnets(), terminated(OLD));

      assertThat(second.outcome()).as(second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(second.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(first.replacementInstanceId());
    }
  }

  @Test
  void planTags_areNotCopiedToTheReplacementOfAReplacement() {
    Original replacement = new Original("i-0aaaaaaaaaaaaaaa1", "running", "spot", null, "Linux/UNIX",
        new LaunchSpec("ami-1", "m5.large", "us-east-1a", "subnet-1", List.of(), null, null, null, false, false,
            List.of()),
        java.util.Map.of("Name", "web-1", "spot-replacer:carry-eip", EIP, "spot-replacer:carry-volume:" + DATA,
            "/dev/sdf"));

    assertThat(replacement.copyableTags()).containsOnlyKeys("Name");
  }

  @Test
  void elasticIp_byDefault_staysWithTheOldInstanceUntilTheInterruptionTime() {
    try (Flow flow = Flow.of(stateful("", "[]", ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.timings().runningMs()).isLessThan(60_000L);
      // Running within a minute, yet the address moved only once EC2's two minutes were up.
      assertThat(result.timings().totalMs()).isGreaterThanOrEqualTo(120_000L);
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(result.replacementInstanceId());
      assertThat(result.apiCalls()).doesNotContainKey("DescribeInstanceStatus");
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void elasticIp_interruptionTimeWithMicroseconds_movesOnceItIsReached_withoutPollingInALoop() {
    // The old instance serves on (nothing reclaims it: as on moto, or while EC2 is late), so only
    // the interruption time 10:02:00.000250 lets the address go. The last wait before it is 0.25 ms.
    String warning = warning(OLD).replace("\"time\":\"2026-11-23T10:00:00Z\"",
        "\"time\":\"2026-11-23T10:00:00.000250Z\"");
    String running = Flow.scenario("", THREE_POOLS).replace("\"seed\": 7}", "\"addresses\": " + ADDRESS
        + ", \"seed\": 7}");
    try (Flow flow = Flow.of(running)) {
      Result result = flow.replace(allSubnets(), warning);

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(result.replacementInstanceId());
      assertThat(flow.emulator.instance(OLD).orElseThrow().state()).isEqualTo("running");
      // Moved in the millisecond after the interruption time: not before it, not at the time limit.
      assertThat(result.timings().totalMs()).isBetween(120_001L, 121_000L);
      // About one DescribeInstances of the old instance per second of backoff, not a call per spin.
      assertThat(result.apiCalls().get("DescribeInstances")).isLessThan(40L);
    }
  }

  @Test
  void elasticIp_withReplacementReady_movesOnceTheReplacementPassesItsStatusChecks() {
    try (Flow flow = Flow.of(stateful("", "[]", ADDRESS))) {
      Result result = flow.replace(allSubnets().withHandover(HandoverTiming.REPLACEMENT_READY), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      // The emulator's status checks pass a minute after the instance runs (the watcher sees it run
      // some seconds late); EC2 reclaims the old instance at 120 s.
      assertThat(result.timings().totalMs()).isGreaterThan(result.timings().runningMs() + 30_000L)
          .isLessThan(120_000L);
      assertThat(result.apiCalls()).containsKey("DescribeInstanceStatus");
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(result.replacementInstanceId());
    }
  }

  @Test
  void handoverSetting_badValue_isRefusedNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Settings.fromEnvironment(java.util.Map.of("ELASTIC_IP_HANDOVER", "now")))
        .hasMessage("ELASTIC_IP_HANDOVER: 'now' must be old-instance-stopped or replacement-ready");
  }

  @Test
  void addressMovedButVolumeStillHeld_isPendingNamingTheVolume_andTheRedeliveryReportsBoth() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      // Past the interruption time (the address moves), before EC2 releases the volume (~135 s).
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(126));

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).as("%s: %s", first.reason(), first.message()).isEqualTo(Outcome.PENDING);
      assertThat(first.reason().wireName()).isEqualTo("volumes-in-use");
      assertThat(first.volumesPending()).containsExactly(DATA);
      assertThat(first.message()).contains(DATA + " (");
      assertThat(first.elasticIp()).isEqualTo(new ElasticIp(EIP, IP));
      assertThat(second.outcome()).as("%s: %s", second.reason(), second.message()).isEqualTo(Outcome.REPLACED);
      // Already on the replacement: reported, not associated again.
      assertThat(second.elasticIp()).isEqualTo(new ElasticIp(EIP, IP));
      assertThat(second.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(second.volumesPending()).isNull();
      assertThat(flow.emulator.actionCounts()).containsEntry("AssociateAddress", 1L);
    }
  }

  @Test
  void stateChange_forAReplacementWithNothingToHandOver_isSkippedNamingIt() {
    try (Flow flow = Flow.of(stateful("", "[]", "[]"))) {
      Result first = flow.replace(allSubnets(), warning(OLD));

      Result notice = flow.replace(allSubnets(), terminated(OLD));

      assertThat(first.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(notice.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(notice.reason().wireName()).isEqualTo("nothing-to-hand-over");
      assertThat(notice.message()).contains(first.replacementInstanceId());
      assertThat(notice.instanceType()).isEqualTo(first.instanceType());
      assertThat(notice.availabilityZone()).isEqualTo(first.availabilityZone());
      assertThat(notice.apiCalls()).doesNotContainKeys("AttachVolume", "AssociateAddress");
    }
  }

  @Test
  void stateChange_beforeTheRequestLaunched_isSkipped_forTheWarningsRetryToFinish() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, "[]").replace("\"fulfillSeconds\": 3", "\"fulfillSeconds\": 90"))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(2));
      flow.clock.advance(Duration.ofSeconds(10));

      Result notice = flow.replace(allSubnets(), terminated(OLD));

      assertThat(first.reason().wireName()).isEqualTo("request-open");
      assertThat(notice.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(notice.reason().wireName()).isEqualTo("replacement-not-launched");
      assertThat(notice.state()).isEqualTo("open");
      assertThat(notice.message()).contains(first.spotRequestId());
    }
  }

  @Test
  void stateChange_whileTheReplacementBoots_waitsForIt_pendingAtTheTimeLimit_thenHandsOver() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, "[]"))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(10));

      Result tooSoon = flow.replace(allSubnets(), terminated(OLD), Duration.ofSeconds(5));
      Result notice = flow.replace(allSubnets(), terminated(OLD));

      assertThat(first.reason().wireName()).isEqualTo("instance-not-running-yet");
      assertThat(tooSoon.outcome()).isEqualTo(Outcome.PENDING);
      assertThat(tooSoon.reason().wireName()).isEqualTo("instance-not-running-yet");
      assertThat(tooSoon.state()).isEqualTo("pending");
      assertThat(notice.outcome()).as("%s: %s", notice.reason(), notice.message()).isEqualTo(Outcome.REPLACED);
      assertThat(notice.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(notice.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
    }
  }

  @Test
  void budgetExhausted_thenARedeliveryOfTheWarningFinishes() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, "[]"))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(90));
      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.volumes()).containsExactly(new DataVolume(DATA, "/dev/sdf"));
      assertThat(second.apiCalls()).doesNotContainKey("RequestSpotInstances");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void volumeListedOnTheInstance_followsWithoutItsOwnTag() {
    String untagged = VOLUMES.replace("\"tags\": {\"spot-replacer:follow\": \"true\"}", "\"tags\": {}");
    try (Flow flow = Flow.of(stateful(", \"spot-replacer:volumes\": \"" + SCRATCH + "\"", untagged, "[]"))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.volumes()).containsExactly(new DataVolume(SCRATCH, "/dev/sdg"));
      assertThat(flow.emulator.volume(DATA).orElseThrow().instanceId()).isNull();
    }
  }

  @Test
  void concurrentDeliveriesAndTheStateChange_neverAttachAVolumeTwice() throws Exception {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Result> results = new ArrayList<>();
      try {
        Callable<Result> delivery = () -> flow.replace(allSubnets(), warning(OLD));
        for (Future<Result> f : pool.invokeAll(List.of(delivery, delivery, delivery))) {
          results.add(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      results.add(flow.replace(allSubnets(), terminated(OLD)));

      assertThat(results).extracting(Result::outcome).allMatch(o -> o == Outcome.REPLACED || o == Outcome.SKIPPED);
      assertThat(replacements(flow)).hasSize(1);
      String newId = replacements(flow).get(0).instanceId();
      List<String> history = flow.emulator.volume(DATA).orElseThrow().history();
      assertThat(history).containsExactly("attached " + OLD + " /dev/sdf", "detaching " + OLD, "available",
          "attaching " + newId + " /dev/sdf", "attached " + newId);
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(newId);
    }
  }

  @Test
  void stateChange_forAnInstanceWithoutReplacement_isSkippedWithoutMutatingCalls() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      Result result = flow.replace(allSubnets(), terminated("i-0fffffffffffffff0"));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("no-replacement");
      assertThat(result.message()).isEqualTo("i-0fffffffffffffff0 terminated; spot-replacer made no replacement"
          + " for it: nothing to finish");
      // Replacements are looked up by request tag, then by instance tag (fleet and on-demand ones).
      assertThat(flow.emulator.actions()).containsExactly("DescribeSpotInstanceRequests", "DescribeInstances");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void stateChange_otherThanTerminated_isSkippedBeforeAnyCall() {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      Result result = flow.replace(allSubnets(), terminated(OLD).replace("\"terminated\"", "\"stopping\""));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("state-not-handled");
      assertThat(flow.emulator.actions()).isEmpty();
    }
  }

  @Test
  void identity_tagsNameAndInstanceProfileCarryOver_andTheResultLinksBothIds() throws Exception {
    try (Flow flow = Flow.of(stateful("", VOLUMES, ADDRESS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      String newId = result.replacementInstanceId();
      assertThat(result.interruptedInstanceId()).isEqualTo(OLD);
      SimInstance replacement = flow.emulator.instance(newId).orElseThrow();
      assertThat(replacement.tags()).containsEntry("Name", "web-1").containsEntry("spot-replacer:replaces", OLD)
          .containsEntry("db-password", "hunter2");
      var described = flow.ec2.describeInstances(b -> b.instanceIds(newId)).reservations().get(0).instances().get(0);
      assertThat(described.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/web");
      assertThat(described.blockDeviceMappings()).extracting(m -> m.deviceName())
          .containsExactly("/dev/xvda", "/dev/sdf");
      // The result is the log line: it names both instances.
      assertThat(Json.mapper().writeValueAsString(result))
          .contains("\"interruptedInstanceId\":\"" + OLD + "\"", "\"replacementInstanceId\":\"" + newId + "\"");
    }
  }
}
