package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.lambda.TemplateTest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The template's policy allows exactly the EC2 and Price List actions the flows call: no more, no fewer. */
class PolicyCoverageTest {

  @Test
  void policyAllowsExactlyTheActionsTheFlowsCall() {
    Set<String> called = new TreeSet<>();
    String cheapestEmpty = THREE_POOLS.replace("\"0.0310\", \"capacity\": 10", "\"0.0310\", \"capacity\": 0");
    try (Flow flow = Flow.of(scenario("", cheapestEmpty))) {
      // The cheapest pool has no capacity, so the flow also cancels a request.
      flow.replace(allSubnets(), warning(OLD));
      flow.replace(allSubnets(), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    try (Flow flow = Flow.of(HandoverFlowTest.stateful("", HandoverFlowTest.VOLUMES, HandoverFlowTest.ADDRESS))) {
      // The old instance's Elastic IP and a following data volume move to the replacement; the
      // state-change notice for the old instance then finds nothing left to do.
      flow.replace(allSubnets(), warning(OLD));
      flow.replace(allSubnets(), HandoverFlowTest.terminated(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // RequestSpotInstances denied: the fleet path (launch template, CreateFleet), with diversification.
    String denied = scenario("", THREE_POOLS).replace("\"seed\": 7}", "\"seed\": 7, \"deny\": [\"RequestSpotInstances\"]}");
    try (Flow flow = Flow.of(denied)) {
      flow.replace(allSubnets().withPools(PoolSettings.fromEnvironment(Map.of("DIVERSIFY", "true"))), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // No spot capacity anywhere: the on-demand fallback.
    String empty = THREE_POOLS.replace("\"capacity\": 10", "\"capacity\": 0");
    try (Flow flow = Flow.of(scenario("", empty))) {
      flow.replace(allSubnets().withPools(PoolSettings.fromEnvironment(Map.of("ON_DEMAND_FALLBACK", "true"))),
          warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // An original RequestSpotInstances cannot express (IMDSv2 required, ...), and a burstable one
    // with standard credits: RunInstances with spot options, source/destination check, credits.
    try (Flow flow = Flow.of(FidelityFlowTest.withOptions(FidelityFlowTest.EVERYTHING, "m5.large"))) {
      flow.replace(Settings.defaults(), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    try (Flow flow = Flow.of(FidelityFlowTest.withOptions("{\"creditSpecification\": \"standard\"}", "t3.large"))) {
      flow.replace(Settings.defaults(), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // The Elastic IP waits for the replacement's status checks.
    try (Flow flow = Flow.of(HandoverFlowTest.stateful("", "[]", HandoverFlowTest.ADDRESS))) {
      flow.replace(allSubnets().withHandover(HandoverTiming.REPLACEMENT_READY), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // A secondary network interface follows like a volume.
    try (Flow flow = Flow.of(InterfaceHandoverFlowTest.withInterfaces())) {
      flow.replace(allSubnets(), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // A run cut short leaves its plan; the original is then terminated, and the re-delivery follows
    // the plan. A request cancelled as it launched left a second instance: it is terminated.
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      flow.replace(allSubnets(), warning(OLD), java.time.Duration.ofMillis(500));
      flow.emulator.terminate(OLD);
      flow.clock.advance(java.time.Duration.ofSeconds(60));
      flow.replace(allSubnets(), warning(OLD));
      OrphanFlowTest.leaveAnOrphan(flow);
      flow.replace(allSubnets(), warning(OLD));
      called.addAll(flow.emulator.actionCounts().keySet());
    }
    // A cap as a fraction of on-demand, in a region the built-in table lacks: the Price List.
    Set<String> pricing = new TreeSet<>();
    try (Flow flow = Flow.of(scenario("", THREE_POOLS).replace("us-east-1", "eu-west-1"))) {
      flow.replace(allSubnets().withPools(PoolSettings.fromEnvironment(Map.of("MAX_PRICE_FRACTION", "0.5"))),
          warning(OLD).replace("us-east-1", "eu-west-1"));
      flow.emulator.signedCalls().stream().filter(c -> c.service().equals("pricing"))
          .forEach(c -> pricing.add(c.action()));
    }
    assertThat(pricing).containsExactly("GetProducts");
    assertThat(TemplateTest.allowedActions("pricing")).isEqualTo(pricing);

    assertThat(called).contains("DescribeLaunchTemplates", "DescribeLaunchTemplateVersions", "TerminateInstances");
    assertThat(called).contains("ModifyInstanceAttribute", "DescribeInstanceCreditSpecifications",
        "DescribeInstanceStatus", "DescribeNetworkInterfaces", "AttachNetworkInterface");
    assertThat(called).contains("CancelSpotInstanceRequests", "DescribeSubnets", "CreateTags", "CreateFleet",
        "CreateLaunchTemplate", "DeleteLaunchTemplate", "RunInstances", "DescribeInstanceTypes",
        "DescribeInstanceTypeOfferings", "GetSpotPlacementScores", "DescribeAvailabilityZones",
        "DescribeAddresses", "AssociateAddress", "AttachVolume");

    assertThat(TemplateTest.allowedEc2Actions()).isEqualTo(called);
  }
}
