package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.sim.Conditions;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.sim.SimInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Exactly one replacement, and errors a user can act on, when EC2 throttles, fails or refuses. */
class SafetyFlowTest {

  private static Flow flow(Conditions conditions) {
    return new Flow(Scenario.fromJson(scenario("", THREE_POOLS)).withConditions(conditions));
  }

  private static List<SimInstance> replacements(Flow flow) {
    return flow.emulator.instances().stream().filter(i -> !i.instanceId().equals(OLD)).toList();
  }

  private static String rebalance(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"rebalance-1\",\"detail-type\":\"EC2 Instance Rebalance Recommendation\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T09:59:00Z\","
        + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"instance-id\":\"" + instanceId + "\"}}";
  }

  @Test
  void deniedLaunchTemplate_failsNamingTheAction_beforeAnythingIsLaunched() {
    // The plan (launch template) is captured before any launch: without it, nothing is launched.
    try (Flow flow = flow(Conditions.NONE.withDeny(Set.of("CreateLaunchTemplate")))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("missing-permission");
      assertThat(result.message()).isEqualTo("not allowed to call ec2:CreateLaunchTemplate: grant it to the"
          + " function's role (template.yaml lists every action the function needs)");
      List<String> actions = flow.emulator.actions();
      assertThat(actions.get(actions.size() - 1)).isEqualTo("CreateLaunchTemplate");
      assertThat(actions).doesNotContain("RequestSpotInstances", "CreateFleet", "RunInstances");
      assertThat(flow.emulator.mutatingCalls()).isEqualTo(1);
      assertThat(Retryable.worthRetrying(result)).isFalse();
    }
  }

  @Test
  void deniedDescribeInstances_failsBeforeAnyMutatingCall() {
    try (Flow flow = flow(Conditions.NONE.withDeny(Set.of("DescribeInstances")))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.reason().wireName()).isEqualTo("missing-permission");
      assertThat(result.message()).startsWith("not allowed to call ec2:DescribeInstances:");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void missingSpotServiceLinkedRole_saysHowToCreateIt() {
    try (Flow flow = flow(Conditions.NONE.withSpotServiceLinkedRole(false))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("spot-service-linked-role-missing");
      assertThat(result.message()).isEqualTo("the account has no AWSServiceRoleForEC2Spot role and the caller may"
          + " not create it: run once 'aws iam create-service-linked-role --aws-service-name spot.amazonaws.com'");
      assertThat(replacements(flow)).isEmpty();
    }
  }

  @Test
  void throttledSpotRequest_isRetriedWithTheSameToken_andLaunchesOneReplacement() {
    try (Flow flow = flow(Conditions.NONE.withThrottling(true))) {
      flow.emulator.throttleNext("RequestSpotInstances", 3);

      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(flow.emulator.throttledCalls()).isEqualTo(3);
      assertThat(flow.emulator.actionCounts()).containsEntry("RequestSpotInstances", 4L);
      assertThat(flow.emulator.spotRequests()).hasSize(1 + 1);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void createTagsThrottledPastRetries_isTriedAgain_andTagsTheSameReplacement() {
    try (Flow flow = flow(Conditions.NONE)) {
      flow.emulator.throttleNext("CreateTags", 6);

      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(flow.emulator.actionCounts()).containsEntry("RequestSpotInstances", 1L).containsEntry("CreateTags", 7L);
      assertThat(flow.progress).contains("trying again after throttled");
      assertThat(replacements(flow)).singleElement()
          .satisfies(i -> assertThat(i.tags()).containsEntry("spot-replacer:replaces", OLD));
    }
  }

  @Test
  void planThrottledUntilEc2TerminatedTheOriginal_isCapturedFromWhatTheInvocationRead_andReplaces() {
    try (Flow flow = flow(Conditions.NONE)) {
      // A storm: every SDK attempt at the plan is throttled, and EC2 reclaims the original meanwhile.
      flow.emulator.throttleNext("CreateLaunchTemplate", 6);
      java.util.concurrent.atomic.AtomicBoolean reclaimed = new java.util.concurrent.atomic.AtomicBoolean();
      dev.spotreplacer.time.Sleeper reclaimingWhilePaused = duration -> {
        if (reclaimed.compareAndSet(false, true)) {
          flow.emulator.terminate(OLD);
          // Long enough for EC2 to finish terminating it and strip what it showed.
          flow.clock.sleep(java.time.Duration.ofSeconds(90));
        }
        flow.clock.sleep(duration);
      };
      Replacer replacer = new Replacer(flow.ec2, allSubnets(), flow.clock, reclaimingWhilePaused,
          () -> new java.util.SplittableRandom(7), flow.progress::add);

      Result result = replacer.replace(Flow.notice(warning(OLD)), flow.clock.instant().plus(
          java.time.Duration.ofMinutes(5)));

      assertThat(reclaimed).isTrue();
      assertThat(flow.emulator.instance(OLD).map(SimInstance::state).orElse("gone")).isIn("terminated", "gone");
      assertThat(result.outcome()).as("%s: %s %s", result.reason(), result.message(), flow.progress)
          .isEqualTo(Outcome.REPLACED);
      assertThat(flow.progress).anyMatch(line -> line.contains("what this invocation read of " + OLD));
      assertThat(replacements(flow)).singleElement()
          .satisfies(i -> assertThat(i.tags()).containsEntry("spot-replacer:replaces", OLD));
    }
  }

  @Test
  void throttlingThatOutlastsTheBudget_isRetryable_andTheRedeliveryFinishesTheSameReplacement() {
    try (Flow flow = flow(Conditions.NONE)) {
      flow.emulator.throttleNext("CreateTags", 1_000);
      Result first = flow.replace(allSubnets(), warning(OLD), java.time.Duration.ofSeconds(90));
      flow.emulator.throttleNext("CreateTags", 0);

      Result second = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(first.reason().wireName()).isEqualTo("throttled");
      assertThat(first.message()).isEqualTo("EC2 kept throttling CreateTags after retries; the event will be retried");
      assertThat(Retryable.worthRetrying(first)).isTrue();
      assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.apiCalls()).doesNotContainKey("RequestSpotInstances");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void throttledPollsPastRetries_areMissedPolls_notFailures() {
    try (Flow flow = flow(Conditions.NONE)) {
      Result first = flow.replace(allSubnets(), warning(OLD), java.time.Duration.ofSeconds(2));
      flow.emulator.throttleNext("DescribeSpotInstanceRequests", 1);
      flow.emulator.throttleNext("DescribeInstances", 12);

      Result resumed = flow.replace(allSubnets(), warning(OLD));

      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      assertThat(resumed.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void serverFaultsAndLostAnswers_stillLaunchExactlyOneReplacement() {
    try (Flow flow = flow(Conditions.NONE.withFaults(0.3, 0.1, 42))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(flow.emulator.injectedFaults()).isPositive();
      assertThat(result.outcome()).isIn(Outcome.REPLACED, Outcome.FAILED);
      if (result.outcome() == Outcome.FAILED) {
        assertThat(Retryable.worthRetrying(result)).isTrue();
        result = flow.replace(allSubnets(), warning(OLD));
      }
      assertThat(result.outcome()).isIn(Outcome.REPLACED, Outcome.SKIPPED);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void concurrentDuplicatesUnderFaults_launchOneReplacement() throws Exception {
    try (Flow flow = flow(Conditions.NONE.withFaults(0.2, 0.0, 7))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Result> results = new ArrayList<>();
      try {
        Callable<Result> delivery = () -> flow.replace(allSubnets(), warning(OLD));
        for (Future<Result> result : pool.invokeAll(List.of(delivery, delivery, delivery, delivery))) {
          results.add(result.get());
        }
      } finally {
        pool.shutdownNow();
      }
      Result retry = flow.replace(allSubnets(), warning(OLD));

      assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isNotEqualTo(Outcome.FAILED)
          .withFailMessage("%s: %s", r.reason(), r.message()).isIn(Outcome.REPLACED, Outcome.SKIPPED));
      assertThat(retry.outcome()).isIn(Outcome.SKIPPED);
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void rebalanceThenWarning_launchesOneReplacement_andLaterDeliveriesFindIt() {
    try (Flow flow = flow(Conditions.NONE)) {
      Result rebalance = flow.replace(allSubnets(), rebalance(OLD));
      Result warning = flow.replace(allSubnets(), warning(OLD));
      Result otherEventForTheSameInstance = flow.replace(allSubnets(), warning(OLD).replace("evt-", "other-"));

      assertThat(rebalance.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(rebalance.reason().wireName()).isEqualTo("notice-not-handled");
      assertThat(warning.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(otherEventForTheSameInstance.reason().wireName()).isEqualTo("already-replaced");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void runningTaggedReplacementWhoseRequestWasCancelled_isAlreadyReplaced() {
    try (Flow flow = flow(Conditions.NONE)) {
      Result first = flow.replace(allSubnets(), warning(OLD));
      flow.ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(first.spotRequestId()));

      Result again = flow.replace(allSubnets(), warning(OLD));

      assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(again.reason().wireName()).isEqualTo("already-replaced");
      assertThat(again.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(replacements(flow)).hasSize(1);
    }
  }
}
