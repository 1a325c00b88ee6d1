package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.spotreplacer.sim.SimInstance;
import dev.spotreplacer.sim.SimSpotRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Where the replacement goes: diversified, price- and capacity-aware pools, and the fallbacks. */
class PoolChoiceFlowTest {

  private static final String ALL_SUBNETS = "subnet-0a1,subnet-0b1,subnet-0c1";

  /** Settings from environment variables, with every subnet of the usual scenario allowed. */
  private static Settings settings(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    env.put("SUBNET_IDS", ALL_SUBNETS);
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.fromEnvironment(env);
  }

  private static String pools(String... entries) {
    return "[" + String.join(",", entries) + "]";
  }

  private static String pool(String type, String zone, String price, int capacity) {
    return "{\"instanceType\": \"" + type + "\", \"availabilityZone\": \"" + zone + "\", \"price\": \"" + price
        + "\", \"capacity\": " + capacity + "}";
  }

  private static String denying(String scenarioJson, String... actions) {
    return scenarioJson.replace("\"seed\": 7}",
        "\"seed\": 7, \"deny\": [\"" + String.join("\", \"", actions) + "\"]}");
  }

  private static List<SimInstance> replacements(Flow flow) {
    return flow.emulator.instances().stream().filter(i -> !i.instanceId().equals(OLD)).toList();
  }

  @Test
  void poolOutOfCapacity_landsInTheNextPool_andTheResultShowsBoth() {
    String pools = pools(
        pool("m5.large", "us-east-1a", "0.0400", 10),
        "{\"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1b\", \"price\": \"0.0310\","
            + " \"capacity\": 10, \"failWith\": \"capacity-not-available\"}",
        pool("m5.large", "us-east-1c", "0.0350", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1c");
      assertThat(result.launchStrategy()).isEqualTo("spot-request");
      assertThat(result.lifecycle()).isEqualTo("spot");
      assertThat(result.poolsTried())
          .extracting(PoolTried::availabilityZone, PoolTried::price, PoolTried::score, PoolTried::verdict, PoolTried::why)
          .containsExactly(
              tuple("us-east-1b", "0.031000", 10, "rejected", "capacity-not-available"),
              tuple("us-east-1c", "0.035000", 10, "chosen", null),
              tuple("us-east-1a", "0.040000", 10, "not-tried", null));
      assertThat(result.poolsTried().get(2).note()).startsWith("interrupted pool: ranked last until 2026-11-23T10:03:00Z");
      assertThat(flow.emulator.spotRequests()).extracting(SimSpotRequest::availabilityZone, SimSpotRequest::state)
          .contains(tuple("us-east-1b", "cancelled"), tuple("us-east-1c", "active"));
    }
  }

  @Test
  void interruptedPoolIsTheCheapest_isNotChosenInsideTheAvoidanceWindow() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0200", 10), pool("m5.large", "us-east-1b", "0.0310", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::note)
          .containsExactly(
              tuple("us-east-1c", "no-price", null),
              tuple("us-east-1b", "chosen", null),
              tuple("us-east-1a", "not-tried", "interrupted pool: ranked last until 2026-11-23T10:03:00Z,"
                  + " used only if nothing else is left (AVOID_INTERRUPTED_POOL_SECONDS)"));
    }
  }

  @Test
  void interruptedPool_isRankedByPriceAgainOnceTheWindowHasPassed() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0200", 10), pool("m5.large", "us-east-1b", "0.0310", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      // A retry of the same notice four minutes later: the window counts from the notice.
      flow.clock.advance(Duration.ofMinutes(4));
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
    }
  }

  @Test
  void interruptedPool_isStillUsedWhenNothingElseIsLeft() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0200", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
    }
  }

  @Test
  void everySpotPoolExhausted_withoutFallback_failsWithTheReason() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 0), pool("m5.large", "us-east-1b", "0.0310", 0));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("capacity-not-available");
      assertThat(result.lifecycle()).isNull();
      assertThat(result.message()).isEqualTo("no candidate pool could take the replacement (last:"
          + " capacity-not-available); add subnets in other zones (SUBNET_IDS) or instance types (INSTANCE_TYPES,"
          + " DIVERSIFY) to widen the choice, or allow ON_DEMAND_FALLBACK");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict)
          .containsExactly(tuple("us-east-1c", "no-price"), tuple("us-east-1b", "rejected"),
              tuple("us-east-1a", "rejected"));
      assertThat(replacements(flow)).isEmpty();
      assertThat(flow.emulator.actionCounts()).doesNotContainKey("RunInstances");
    }
  }

  @Test
  void everySpotPoolExhausted_withFallback_launchesOnDemand_andSaysSo() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 0), pool("m5.large", "us-east-1b", "0.0310", 0));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.reason().wireName()).isEqualTo("on-demand-fallback");
      assertThat(result.lifecycle()).isEqualTo("on-demand");
      assertThat(result.launchStrategy()).isEqualTo("on-demand");
      assertThat(result.message()).isEqualTo("no spot pool could take it (last: capacity-not-available): "
          + result.replacementInstanceId() + " was launched ON-DEMAND (ON_DEMAND_FALLBACK=true) and replaces " + OLD
          + "; it costs the on-demand price until you move it back to spot");
      SimInstance replacement = flow.emulator.instance(result.replacementInstanceId()).orElseThrow();
      assertThat(replacement.lifecycle()).isEqualTo("on-demand");
      assertThat(replacement.state()).isEqualTo("running");
      assertThat(replacement.instanceType()).isEqualTo("m5.large");
      assertThat(replacement.subnetId()).isEqualTo("subnet-0a1");
      assertThat(replacement.tags()).containsEntry("spot-replacer:replaces", OLD).containsEntry("Name", "web-1");
      assertThat(result.apiCalls()).containsEntry("RunInstances", 1L).containsEntry("CreateLaunchTemplate", 1L);
      assertThat(result.instanceType()).isEqualTo("m5.large");
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
    }
  }

  @Test
  void noSpotPrice_withFallback_capturesThePlanItself_andLaunchesOnDemandInTheOriginalsPool() {
    String pools = pools(pool("m5.xlarge", "us-east-1a", "0.0800", 5));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true"), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.reason().wireName()).isEqualTo("on-demand-fallback");
      assertThat(result.message()).startsWith("no spot price for the candidate pools: ");
      assertThat(result.instanceType()).isEqualTo("m5.large");
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
      assertThat(result.apiCalls()).containsEntry("CreateLaunchTemplate", 1L).containsEntry("RunInstances", 1L)
          .doesNotContainKey("RequestSpotInstances");
    }
  }

  @Test
  void fleetStrategy_inDryRun_saysEc2WouldAcceptTheFleet_andLeavesNoTemplateOrInstance() {
    try (Flow flow = Flow.of(scenario("", Flow.THREE_POOLS))) {
      Result result = flow.replace(settings("LAUNCH_STRATEGY", "fleet", "DRY_RUN", "true"), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.DRY_RUN);
      assertThat(result.reason().wireName()).isEqualTo("dry-run-ok");
      assertThat(result.message()).contains("CreateFleet over 2 pool(s)");
      assertThat(result.poolsTried()).extracting(PoolTried::verdict, PoolTried::why)
          .contains(tuple("not-tried", "dry run"));
      assertThat(flow.ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
      assertThat(flow.emulator.instances()).hasSize(1);
    }
  }

  @Test
  void noSpotPrice_withFallback_inDryRun_saysEc2WouldAcceptOnDemand_andLaunchesNothing() {
    // Only another type is offered as spot: the original's has no spot price, so on-demand is next.
    String pools = pools(pool("m5.xlarge", "us-east-1a", "0.0800", 5));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true", "DRY_RUN", "true"), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.DRY_RUN);
      assertThat(result.reason().wireName()).isEqualTo("dry-run-ok");
      assertThat(result.message()).contains("on-demand RunInstances for m5.large in us-east-1a");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void onDemandReplacement_isFoundOnRedelivery_andNotLaunchedTwice() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 0));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Settings settings = settings("ON_DEMAND_FALLBACK", "true", "SUBNET_IDS", "");
      Result first = flow.replace(settings, warning(OLD));
      Result second = flow.replace(settings, warning(OLD));

      assertThat(first.reason().wireName()).isEqualTo("on-demand-fallback");
      assertThat(second.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(second.reason().wireName()).isEqualTo("already-replaced");
      assertThat(second.message()).isEqualTo(first.replacementInstanceId() + " already replaces " + OLD);
      assertThat(second.apiCalls()).doesNotContainKeys("RunInstances", "RequestSpotInstances");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void requestSpotInstancesDenied_usesCreateFleet_andTheReplacementRuns() {
    try (Flow flow = Flow.of(denying(scenario("", Flow.THREE_POOLS), "RequestSpotInstances"))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.reason().wireName()).isEqualTo("running");
      assertThat(result.launchStrategy()).isEqualTo("fleet");
      assertThat(result.lifecycle()).isEqualTo("spot");
      assertThat(result.spotRequestId()).isNull();
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      SimInstance replacement = flow.emulator.instance(result.replacementInstanceId()).orElseThrow();
      assertThat(replacement.state()).isEqualTo("running");
      assertThat(replacement.lifecycle()).isEqualTo("spot");
      assertThat(replacement.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(replacement.tags()).containsEntry("spot-replacer:replaces", OLD).containsEntry("Name", "web-1");
      assertThat(result.apiCalls()).containsEntry("RequestSpotInstances", 1L).containsEntry("CreateFleet", 1L)
          .containsEntry("CreateLaunchTemplate", 1L).containsEntry("DeleteLaunchTemplate", 1L);
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::why)
          .containsExactly(tuple("us-east-1b", "chosen", null),
              tuple("us-east-1c", "not-tried", "CreateFleet (price-capacity-optimized) chose another pool"),
              tuple("us-east-1a", "not-tried", "left out of the fleet request"));
    }
  }

  @Test
  void fleetReplacement_isFoundOnRedelivery_andNotLaunchedTwice() {
    try (Flow flow = Flow.of(denying(scenario("", Flow.THREE_POOLS), "RequestSpotInstances"))) {
      Result first = flow.replace(settings(), warning(OLD));
      Result second = flow.replace(settings(), warning(OLD));

      assertThat(second.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(second.reason().wireName()).isEqualTo("already-replaced");
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(second.apiCalls()).doesNotContainKeys("CreateFleet", "RequestSpotInstances");
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void fleetStrategy_leavesTheInterruptedPoolOut_evenWhenItIsTheCheapest() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0200", 10), pool("m5.large", "us-east-1b", "0.0310", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("LAUNCH_STRATEGY", "fleet"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
    }
  }

  @Test
  void fleetStrategy_sameEventConcurrently_launchesOneReplacement() throws Exception {
    try (Flow flow = Flow.of(scenario("", Flow.THREE_POOLS))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Callable<Result> delivery = () -> flow.replace(settings("LAUNCH_STRATEGY", "fleet"), warning(OLD));
        for (Future<Result> result : pool.invokeAll(List.of(delivery, delivery, delivery, delivery))) {
          assertThat(result.get().outcome()).isIn(Outcome.REPLACED, Outcome.SKIPPED);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(replacements(flow)).hasSize(1);
    }
  }

  @Test
  void fleetStrategy_launchesWithOneCreateFleet_andNoSpotRequest() {
    try (Flow flow = Flow.of(scenario("", Flow.THREE_POOLS))) {
      Result result = flow.replace(settings("LAUNCH_STRATEGY", "fleet"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.launchStrategy()).isEqualTo("fleet");
      assertThat(result.apiCalls()).containsEntry("CreateFleet", 1L).doesNotContainKey("RequestSpotInstances");
      assertThat(flow.emulator.spotRequests()).allMatch(r -> !OLD.equals(r.tags().get("spot-replacer:replaces")));
    }
  }

  @Test
  void fleetWithoutCapacity_fallsBackToOnDemand() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 0), pool("m5.large", "us-east-1b", "0.0310", 0));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("LAUNCH_STRATEGY", "fleet", "ON_DEMAND_FALLBACK", "true"), warning(OLD));

      assertThat(result.reason().wireName()).isEqualTo("on-demand-fallback");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::why)
          .containsExactly(tuple("us-east-1c", "no-price", "no spot price: not offered"),
              tuple("us-east-1b", "rejected", "InsufficientInstanceCapacity"),
              tuple("us-east-1a", "rejected", "InsufficientInstanceCapacity"));
      assertThat(result.apiCalls()).containsEntry("CreateFleet", 2L);
    }
  }

  @Test
  void priceCapBelowEveryPool_launchesNothing_andSaysWhy() {
    try (Flow flow = Flow.of(scenario("", Flow.THREE_POOLS))) {
      Result result = flow.replace(settings("MAX_PRICE", "0.03"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("over-price-cap");
      assertThat(result.message()).isEqualTo("every candidate pool costs more than the cap 0.03 (MAX_PRICE 0.03):"
          + " nothing was launched; raise the cap or widen the choice (INSTANCE_TYPES, DIVERSIFY, SUBNET_IDS)");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::why)
          .contains(tuple("us-east-1b", "over-cap", "price 0.031000 is above the cap 0.03 (MAX_PRICE 0.03)"));
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void onDemandFallback_atExactlyTheCap_launches_andJustOverIt_doesNot() {
    String empty = Flow.THREE_POOLS.replace("\"capacity\": 10", "\"capacity\": 0");
    try (Flow flow = Flow.of(scenario("", empty))) {
      // m5.large costs 0.096 on demand (OnDemandPrices): a cap of exactly that allows it.
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true", "MAX_PRICE", "0.096"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.lifecycle()).isEqualTo("on-demand");
    }
    try (Flow flow = Flow.of(scenario("", empty))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true", "MAX_PRICE", "0.0959"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("on-demand-over-price-cap");
      assertThat(result.state()).isEqualTo("cancelled");
      assertThat(flow.emulator.actions()).doesNotContain("RunInstances");
    }
  }

  @Test
  void priceCapAsFractionOfOnDemand_isSentAsTheSpotPrice() {
    try (Flow flow = Flow.of(scenario("", Flow.THREE_POOLS))) {
      // m5.large on-demand is 0.096 in the built-in table: half of it is 0.048, above every pool.
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(flow.emulator.spotRequests()).filteredOn(r -> OLD.equals(r.tags().get("spot-replacer:replaces")))
          .extracting(SimSpotRequest::spotPrice).containsExactly("0.048");
    }
  }

  @Test
  void diversification_picksOnlyCompatibleTypesOfferedInTheAllowedZones() {
    String pools = pools(
        pool("m5.large", "us-east-1a", "0.0400", 10),
        pool("m5a.large", "us-east-1b", "0.0300", 10),   // same shape: kept
        pool("m5.xlarge", "us-east-1b", "0.0600", 10),   // twice the vCPUs: within the ceiling
        pool("m5.4xlarge", "us-east-1b", "0.0100", 10),  // eight times: above the ceiling
        pool("m6g.large", "us-east-1b", "0.0100", 10),   // arm64
        pool("c5.large", "us-east-1b", "0.0100", 10),    // less memory
        pool("g4dn.xlarge", "us-east-1b", "0.0100", 10), // a GPU
        pool("r5.large", "us-east-1c", "0.0100", 10));   // compatible, but 1c is not allowed
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings("SUBNET_IDS", "subnet-0a1,subnet-0b1", "DIVERSIFY", "true"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.instanceType()).isEqualTo("m5a.large");
      assertThat(result.poolsTried()).extracting(PoolTried::instanceType, PoolTried::availabilityZone)
          .containsExactlyInAnyOrder(
              tuple("m5a.large", "us-east-1b"),
              tuple("m5.xlarge", "us-east-1b"),
              tuple("m5.large", "us-east-1a"),
              tuple("m5.large", "us-east-1b"));
      assertThat(result.apiCalls()).containsKeys("DescribeInstanceTypes", "DescribeInstanceTypeOfferings");
    }
  }

  @Test
  void instanceTypesTag_addsTheListedTypes() {
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 10), pool("m6i.large", "us-east-1a", "0.0250", 10));
    try (Flow flow = Flow.of(scenario(", \"spot-replacer:instance-types\": \"m6i.large\"", pools))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.instanceType()).isEqualTo("m6i.large");
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
    }
  }

  @Test
  void placementScoresDenied_ranksByPriceOnly_andSaysSoInPoolsTried() {
    try (Flow flow = Flow.of(denying(scenario("", Flow.THREE_POOLS), "GetSpotPlacementScores"))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(result.poolsTried().get(0).score()).isNull();
      assertThat(result.poolsTried().get(0).note()).isEqualTo(
          "no placement score: GetSpotPlacementScores not permitted (UnauthorizedOperation); ranked by price only");
    }
  }

  @Test
  void lowPlacementScore_ranksAPoolAfterLikelyOnes() {
    // 1b is cheapest but has a single free slot (score 1-3); 1c has room (score 10).
    String pools = pools(pool("m5.large", "us-east-1a", "0.0400", 10), pool("m5.large", "us-east-1b", "0.0310", 1),
        pool("m5.large", "us-east-1c", "0.0350", 10));
    try (Flow flow = Flow.of(scenario("", pools))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.availabilityZone()).isEqualTo("us-east-1c");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::score)
          .containsExactly(tuple("us-east-1c", 10), tuple("us-east-1b", 2), tuple("us-east-1a", 10));
    }
  }
}
