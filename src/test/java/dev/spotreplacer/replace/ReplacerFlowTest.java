package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.sim.SimInstance;
import dev.spotreplacer.sim.SimSpotRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReplacerFlowTest {

  private static List<SimSpotRequest> replacementRequests(Flow flow) {
    return flow.emulator.spotRequests().stream()
        .filter(r -> OLD.equals(r.tags().get("spot-replacer:replaces")))
        .toList();
  }

  private static List<SimInstance> replacements(Flow flow) {
    return flow.emulator.instances().stream()
        .filter(i -> !i.instanceId().equals(OLD))
        .toList();
  }

  @Test
  void interruption_launchesTaggedReplacementInCheapestPool_untilRunning() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.reason().wireName()).isEqualTo("running");
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(result.instanceType()).isEqualTo("m5.large");
      assertThat(result.spotPrice()).isEqualTo("0.031000");
      assertThat(result.state()).isEqualTo("running");
      SimInstance replacement = flow.emulator.instance(result.replacementInstanceId()).orElseThrow();
      assertThat(replacement.state()).isEqualTo("running");
      assertThat(replacement.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(replacement.subnetId()).isEqualTo("subnet-0b1");
      assertThat(replacement.imageId()).isEqualTo("ami-0a1");
      assertThat(replacement.lifecycle()).isEqualTo("spot");
      assertThat(replacement.tags())
          .containsEntry("spot-replacer:replaces", OLD)
          .containsEntry("Name", "web-1")
          .containsEntry("spot-replacer:enabled", "true");
      assertThat(replacement.spotInstanceRequestId()).isEqualTo(result.spotRequestId());
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("us-east-1b", "chosen"),
              org.assertj.core.groups.Tuple.tuple("us-east-1c", "not-tried"),
              org.assertj.core.groups.Tuple.tuple("us-east-1a", "not-tried"));
      assertThat(result.poolsTried().get(0).spotRequestId()).isEqualTo(result.spotRequestId());
      assertThat(result.launchStrategy()).isEqualTo("spot-request");
      assertThat(result.lifecycle()).isEqualTo("spot");
      assertThat(result.launchStrategyReason()).isNull();
      assertThat(result.timings().requestSentMs()).isNotNull();
      assertThat(result.timings().fulfilledMs()).isGreaterThanOrEqualTo(result.timings().requestSentMs());
      assertThat(result.timings().runningMs()).isGreaterThanOrEqualTo(40_000L);
      // EC2 did not know the fresh instance id at the first two tries (eventual consistency).
      assertThat(result.apiCalls()).containsEntry("RequestSpotInstances", 1L).containsEntry("CreateTags", 3L);
      // The plan was captured before the launch and deleted once the replacement held everything.
      assertThat(result.apiCalls()).containsEntry("CreateLaunchTemplate", 1L).containsEntry("DeleteLaunchTemplate", 1L);
      // One DescribeVolumes: the attached volumes answered Inspector's root volume and the carry-over check.
      assertThat(result.apiCalls()).containsEntry("DescribeVolumes", 1L);
      // Every call the emulator saw was counted once: no retries, no uncounted paths.
      assertThat(result.apiCalls()).isEqualTo(flow.emulator.actionCounts());
    }
  }

  @Test
  void defaultSettings_stayInTheOriginalSubnet() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
      assertThat(result.poolsTried()).hasSize(1);
      assertThat(flow.emulator.actionCounts()).doesNotContainKey("DescribeSubnets");
    }
  }

  @Test
  void sameEventTwiceInARow_launchesOneReplacement() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result first = flow.replace(allSubnets(), warning(OLD));
      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(second.reason().wireName()).isEqualTo("already-replaced");
      assertThat(second.instanceType()).isEqualTo(first.instanceType());
      assertThat(second.availabilityZone()).isEqualTo(first.availabilityZone());
      assertThat(second.state()).isEqualTo("running");
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.apiCalls()).doesNotContainKeys("RequestSpotInstances", "CreateTags");
      assertThat(replacementRequests(flow)).hasSize(1);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void sameEventConcurrently_launchesOneReplacement() throws Exception {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Callable<Result> delivery = () -> flow.replace(allSubnets(), warning(OLD));
        List<Future<Result>> results = pool.invokeAll(List.of(delivery, delivery, delivery, delivery));
        for (Future<Result> result : results) {
          assertThat(result.get().outcome()).isIn(Outcome.REPLACED, Outcome.SKIPPED);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(replacementRequests(flow)).hasSize(1);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void poolWithoutCapacity_isCancelledAndTheNextPoolServes() {
    String pools = THREE_POOLS.replace("\"us-east-1b\", \"price\": \"0.0310\", \"capacity\": 10",
        "\"us-east-1b\", \"price\": \"0.0310\", \"capacity\": 0");
    try (Flow flow = Flow.of(scenario("", pools))) {
      // Without placement scores: with them the empty pool would rank last and never be asked.
      Result result = flow.replace(allSubnets().withPools(
          PoolSettings.fromEnvironment(java.util.Map.of("PLACEMENT_SCORES", "false"))), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1c");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::why)
          .startsWith(
              org.assertj.core.groups.Tuple.tuple("us-east-1b", "rejected", "capacity-not-available"),
              org.assertj.core.groups.Tuple.tuple("us-east-1c", "chosen", null));
      assertThat(replacementRequests(flow)).extracting(SimSpotRequest::availabilityZone, SimSpotRequest::state)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("us-east-1b", "cancelled"),
              org.assertj.core.groups.Tuple.tuple("us-east-1c", "active"));
    }
  }

  @Test
  void onlyPoolWithoutCapacity_failsWithTheStatusCode_andLeavesNoOpenRequest() {
    String pools = "[{\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1a\", \"price\": \"0.04\", \"capacity\": 0}]";
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("capacity-not-available");
      assertThat(result.replacementInstanceId()).isNull();
      assertThat(replacementRequests(flow)).extracting(SimSpotRequest::state).containsExactly("cancelled");
    }
  }

  @Test
  void badParameters_failsNamingTheStatusCode() {
    String pools = "[{\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1a\", \"price\": \"0.04\","
        + " \"capacity\": 5, \"failWith\": \"bad-parameters\"}]";
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("bad-parameters");
      assertThat(result.message()).contains("bad-parameters");
      assertThat(result.state()).isNotNull().isNotEqualTo("open");
      assertThat(result.poolsTried()).singleElement().satisfies(p -> {
        assertThat(p.verdict()).isEqualTo("rejected");
        assertThat(p.why()).isEqualTo("bad-parameters");
        assertThat(p.spotRequestId()).startsWith("sir-");
      });
      assertThat(replacements(flow)).isEmpty();
    }
  }

  @Test
  void terminalStatusInTheCheapestPool_endsTheRun_leavingTheOtherPoolsUntried() {
    String pools = "[{\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1b\", \"price\": \"0.03\","
        + " \"capacity\": 5, \"failWith\": \"bad-parameters\"},"
        + " {\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1c\", \"price\": \"0.035\", \"capacity\": 5}]";
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(allSubnets().withPools(PoolSettings.fromEnvironment(
          java.util.Map.of("PLACEMENT_SCORES", "false"))), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("bad-parameters");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1a", "no-price"),
              org.assertj.core.groups.Tuple.tuple("us-east-1b", "rejected"),
              org.assertj.core.groups.Tuple.tuple("us-east-1c", "not-tried"));
      assertThat(result.state()).isEqualTo(replacementRequests(flow).get(0).state());
      assertThat(replacementRequests(flow)).hasSize(1);
    }
  }

  @Test
  void everyPoolWithoutCapacity_failsNamingTheLastCode_andTheRequestsAreCancelled() {
    String pools = "[{\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1a\", \"price\": \"0.04\", \"capacity\": 0}]";
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.reason().wireName()).isEqualTo("capacity-not-available");
      assertThat(result.state()).isEqualTo("cancelled");
      assertThat(result.message()).startsWith("no candidate pool could take the replacement (last: capacity-not-available)");
    }
  }

  @Test
  void notOptedIn_isSkippedWithoutAMutatingCall() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS).replace("\"spot-replacer:enabled\": \"true\"", "\"team\": \"x\""))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("not-opted-in");
      assertThat(result.message()).contains("spot-replacer:enabled=true");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void autoScalingMember_isSkippedWithoutAMutatingCall() {
    try (Flow flow = Flow.of(scenario(", \"aws:autoscaling:groupName\": \"web\"", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("managed-by-auto-scaling");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void unknownInstance_isSkippedAsNotFound() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning("i-0fffffffffffffff0"));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("instance-not-found");
      assertThat(result.message()).isEqualTo("i-0fffffffffffffff0 is not known to EC2 in us-east-1: nothing to replace");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void stopAction_isSkippedBeforeAnyCall() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD, "stop"));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("instance-action-stop");
      assertThat(result.message()).isEqualTo(OLD + " will be stopped, not terminated: its persistent spot request"
          + " or fleet restarts it when capacity returns");
      assertThat(flow.emulator.actions()).isEmpty();
    }
  }

  @Test
  void hibernateAction_isSkippedBeforeAnyCall() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD, "hibernate"));

      assertThat(result.reason().wireName()).isEqualTo("instance-action-hibernate");
      assertThat(flow.emulator.actions()).isEmpty();
    }
  }

  @Test
  void removedStopAndHibernateSettings_setToTrue_areRefusedSayingWhy() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Settings.fromEnvironment(java.util.Map.of("REPLACE_ON_STOP", "true")))
        .hasMessage("REPLACE_ON_STOP: removed. EC2 stops only instances of a persistent spot request or a"
            + " maintained fleet, and those restart them when capacity returns; replacing them as well would make"
            + " a duplicate. Unset REPLACE_ON_STOP");
    assertThat(Settings.fromEnvironment(java.util.Map.of("REPLACE_ON_HIBERNATE", "false")).dryRun()).isFalse();
  }

  @Test
  void timeBudgetTooShort_endsPendingWithTheRequest_andARedeliveryFinishesIt() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(20));

      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      assertThat(first.spotRequestId()).isNotNull();

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(second.outcome()).as(second.reason() + ": " + second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(second.spotRequestId()).isEqualTo(first.spotRequestId());
      assertThat(second.apiCalls()).doesNotContainKey("RequestSpotInstances");
      assertThat(replacementRequests(flow)).hasSize(1);
    }
  }

  @Test
  void dryRun_reportsThePoolAndLaunchesNothing() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets().withDryRun(true), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(flow.emulator.mutatingCalls()).isZero();
      assertThat(replacementRequests(flow)).isEmpty();
    }
  }

  @Test
  void resultAndProgress_neverShowUserDataOrTagValues() throws Exception {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));
      String json = new ObjectMapper().writeValueAsString(result) + String.join("\n", flow.progress);

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(json).doesNotContain("hunter2", "IyEvYmluL3No", "DB_PASSWORD");
    }
  }

  @Test
  void replacement_getsTheUserDataAndProfileOfTheOriginal() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      var attribute = flow.ec2.describeInstanceAttribute(b -> b.instanceId(result.replacementInstanceId())
          .attribute(software.amazon.awssdk.services.ec2.model.InstanceAttributeName.USER_DATA));
      assertThat(attribute.userData().value()).isEqualTo("IyEvYmluL3NoCmV4cG9ydCBEQl9QQVNTV09SRD1odW50ZXIy");
      var described = flow.ec2.describeInstances(b -> b.instanceIds(result.replacementInstanceId()))
          .reservations().get(0).instances().get(0);
      assertThat(described.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/web");
      assertThat(described.keyName()).isEqualTo("ops");
      assertThat(described.securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-0a1");
    }
  }

  @Test
  void requestStillOpenAtTheTimeLimit_isPending_andTheRedeliveryWatchesTheSameRequestToRunning()
      throws InterruptedException {
    // EC2 takes 90 s to fulfil; the first invocation has 2 s, Lambda retries a minute later.
    try (Flow flow = Flow.of(scenario("", THREE_POOLS).replace("\"fulfillSeconds\": 3", "\"fulfillSeconds\": 90"))) {
      Result first = flow.replace(allSubnets(), warning(OLD), Duration.ofSeconds(2));
      flow.clock.sleep(Duration.ofMinutes(1));

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).as("%s: %s", first.reason(), first.message()).isEqualTo(Outcome.PENDING);
      assertThat(first.reason().wireName()).isEqualTo("request-open");
      assertThat(Retryable.worthRetrying(first)).isTrue();
      assertThat(first.spotRequestId()).startsWith("sir-");
      assertThat(first.state()).isEqualTo("open");
      assertThat(first.poolsTried()).filteredOn(p -> p.verdict().equals("chosen")).singleElement()
          .satisfies(p -> assertThat(p.spotRequestId()).isEqualTo(first.spotRequestId()));
      assertThat(second.outcome()).as("%s: %s", second.reason(), second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(second.spotRequestId()).isEqualTo(first.spotRequestId());
      assertThat(second.launchStrategy()).isEqualTo("spot-request");
      assertThat(second.apiCalls()).doesNotContainKey("RequestSpotInstances");
      assertThat(flow.progress).anyMatch(line -> line.startsWith("resuming open request " + first.spotRequestId()));
      // The plan the first delivery captured served the second, which deleted it once done.
      assertThat(flow.ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
      assertThat(replacements(flow)).singleElement()
          .satisfies(i -> assertThat(i.tags()).containsEntry("spot-replacer:replaces", OLD));
    }
  }

  @Test
  void warningRedeliveredAfterTheOriginalTerminated_findsTheFinishedReplacement_andLaunchesNothing()
      throws InterruptedException {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result first = flow.replace(allSubnets(), warning(OLD));
      flow.emulator.terminate(OLD);
      flow.clock.sleep(Duration.ofMinutes(2));

      Result again = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(again.outcome()).as("%s: %s", again.reason(), again.message()).isEqualTo(Outcome.SKIPPED);
      assertThat(again.reason().wireName()).isEqualTo("already-replaced");
      assertThat(again.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(again.spotRequestId()).isEqualTo(first.spotRequestId());
      assertThat(again.apiCalls()).doesNotContainKeys("RequestSpotInstances", "CreateLaunchTemplate", "CreateTags");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void clientTokenAlreadyUsedWithOtherParameters_resumesOrFails_neverTriesAnotherPool() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      // Not ours to find by tag: a request made with the token our first request would use.
      flow.ec2.requestSpotInstances(b -> b.clientToken(Launcher.clientToken(OLD, 1)).instanceCount(1)
          .launchSpecification(l -> l.imageId("ami-0a1").instanceType("m5.xlarge")
              .placement(p -> p.availabilityZone("us-east-1c"))));

      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("IdempotentParameterMismatch");
      assertThat(result.apiCalls()).containsEntry("RequestSpotInstances", 1L);
      assertThat(result.poolsTried()).extracting(PoolTried::verdict).first().isEqualTo("rejected");
      assertThat(replacementRequests(flow)).isEmpty();
    }
  }

  @Test
  void runningReplacementWhoseLinkTagWentMissing_isTaggedAgainOnRedelivery_notTakenAsFinished() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result first = flow.replace(allSubnets(), warning(OLD));
      // The request still names the replacement; the instance lost its link tag (by hand, say).
      flow.ec2.deleteTags(b -> b.resources(first.replacementInstanceId())
          .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key(TagKeys.REPLACES).build()));

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(second.outcome()).as("%s: %s", second.reason(), second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.apiCalls()).containsKey("CreateTags").doesNotContainKey("RequestSpotInstances");
      assertThat(flow.emulator.instance(first.replacementInstanceId()).orElseThrow().tags())
          .containsEntry(TagKeys.REPLACES, OLD);
    }
  }

  @Test
  void completedHandover_sweepsPlansOlderThanADay_andKeepsYoungerOnes() throws InterruptedException {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      plan(flow, "i-0aaaaaaaaaaaaaaaa");
      flow.clock.sleep(Plans.KEEP.plusHours(1));
      plan(flow, "i-0bbbbbbbbbbbbbbbb");

      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(flow.ec2.describeLaunchTemplates().launchTemplates())
          .extracting(software.amazon.awssdk.services.ec2.model.LaunchTemplate::launchTemplateName)
          .containsExactly(Plans.templateName("i-0bbbbbbbbbbbbbbbb"));
      assertThat(result.apiCalls()).containsEntry("DeleteLaunchTemplate", 2L);
    }
  }

  /** A plan another run left behind, made now. */
  private static void plan(Flow flow, String interruptedInstanceId) {
    flow.ec2.createLaunchTemplate(b -> b.launchTemplateName(Plans.templateName(interruptedInstanceId))
        .launchTemplateData(d -> d.imageId("ami-0a1").instanceType("m5.large"))
        .tagSpecifications(t -> t.resourceType(software.amazon.awssdk.services.ec2.model.ResourceType.LAUNCH_TEMPLATE)
            .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key(TagKeys.REPLACES)
                .value(interruptedInstanceId).build())));
  }
}
