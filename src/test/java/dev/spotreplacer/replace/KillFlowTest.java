package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.warning;
import static dev.spotreplacer.replace.HandoverFlowTest.ADDRESS;
import static dev.spotreplacer.replace.HandoverFlowTest.DATA;
import static dev.spotreplacer.replace.HandoverFlowTest.EIP;
import static dev.spotreplacer.replace.HandoverFlowTest.VOLUMES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.sim.SimInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * The function dies at a step boundary (a Lambda timeout or crash), EC2 terminates the original,
 * and Lambda delivers the warning again a minute later to a fresh invocation: exactly one
 * replacement, tagged, holding the Elastic IP and the data volume, with nothing left behind.
 */
class KillFlowTest {

  /** What the interceptor throws: an Error, so that no step can catch it as an EC2 answer. */
  static final class Killed extends Error {
    Killed(String where) {
      super("killed " + where);
    }
  }

  /** How the replacement is launched. */
  enum Path { SPOT_REQUEST, FLEET, ON_DEMAND }

  /** Dies just before {@code action} is sent, or just after its answer arrived. */
  record Boundary(String action, boolean after) {
    @Override
    public String toString() {
      return (after ? "after " : "before ") + action;
    }

    ExecutionInterceptor interceptor() {
      return new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
          if (!after && is(attributes)) {
            throw new Killed(Boundary.this.toString());
          }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
          if (after && is(attributes)) {
            throw new Killed(Boundary.this.toString());
          }
        }
      };
    }

    private boolean is(ExecutionAttributes attributes) {
      return action.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }

  static Stream<Arguments> boundaries() {
    return Stream.of(
        // The plan is captured, nothing is launched yet: the retry launches from the plan.
        Arguments.of(Path.SPOT_REQUEST, new Boundary("CreateLaunchTemplate", true)),
        // The request is sent: the retry resumes it.
        Arguments.of(Path.SPOT_REQUEST, new Boundary("RequestSpotInstances", true)),
        // The request is fulfilled, its instance not tagged: the retry tags it and hands over.
        Arguments.of(Path.SPOT_REQUEST, new Boundary("CreateTags", false)),
        // Tagged: the retry finds the instance and hands over.
        Arguments.of(Path.SPOT_REQUEST, new Boundary("CreateTags", true)),
        // Mid-handover: the Elastic IP moved, the volume did not.
        Arguments.of(Path.SPOT_REQUEST, new Boundary("AssociateAddress", true)),
        Arguments.of(Path.FLEET, new Boundary("CreateLaunchTemplate", true)),
        // Launched and tagged at launch, in one call.
        Arguments.of(Path.FLEET, new Boundary("CreateFleet", true)),
        Arguments.of(Path.FLEET, new Boundary("AssociateAddress", true)),
        Arguments.of(Path.ON_DEMAND, new Boundary("CreateLaunchTemplate", true)),
        Arguments.of(Path.ON_DEMAND, new Boundary("RunInstances", true)),
        Arguments.of(Path.ON_DEMAND, new Boundary("AssociateAddress", true)));
  }

  @ParameterizedTest(name = "{0}, killed {1}")
  @MethodSource("boundaries")
  void killedAtABoundary_thenOriginalTerminated_redeliveryLeavesOneWholeReplacement(Path path, Boundary boundary) {
    try (Flow flow = Flow.of(scenario(path))) {
      Settings settings = settings(path);
      try (Ec2Client dying = flow.client(List.of(boundary.interceptor()))) {
        assertThatThrownBy(() -> flow.replacer(dying, settings).replace(Flow.notice(warning(OLD)),
            flow.clock.instant().plus(Duration.ofMinutes(5)))).isInstanceOf(Killed.class);
      }
      if (boundary.action().equals("CreateFleet") || boundary.action().equals("RunInstances")) {
        // Tagged in the launch call itself: nothing is ever untagged, even for a moment.
        assertThat(flow.emulator.instances()).filteredOn(i -> !i.instanceId().equals(OLD))
            .singleElement().satisfies(i -> assertThat(i.tags()).containsEntry(TagKeys.REPLACES, OLD));
      }
      flow.emulator.terminate(OLD);
      // Lambda's first retry of an async invocation comes about a minute later; the original is gone by then.
      flow.clock.advance(Duration.ofSeconds(70));
      assertThat(flow.emulator.instance(OLD).orElseThrow().state()).isEqualTo("terminated");

      Result retry = flow.replace(settings, warning(OLD));

      assertThat(retry.outcome()).as("%s: %s", retry.reason(), retry.message())
          .isIn(Outcome.REPLACED, Outcome.SKIPPED);
      List<SimInstance> alive = flow.emulator.instances().stream()
          .filter(i -> !i.instanceId().equals(OLD))
          .filter(i -> !i.state().equals("terminated") && !i.state().equals("shutting-down"))
          .toList();
      assertThat(alive).as("live instances besides the original").hasSize(1);
      SimInstance replacement = alive.get(0);
      assertThat(replacement.state()).isEqualTo("running");
      assertThat(replacement.tags()).containsEntry(TagKeys.REPLACES, OLD).containsEntry("Name", "web-1");
      assertThat(replacement.lifecycle()).isEqualTo(path == Path.ON_DEMAND ? "on-demand" : "spot");
      assertThat(flow.emulator.address(EIP).orElseThrow().instanceId()).isEqualTo(replacement.instanceId());
      assertThat(flow.emulator.volume(DATA).orElseThrow().instanceId()).isEqualTo(replacement.instanceId());
      assertThat(flow.emulator.spotRequests()).allSatisfy(r -> assertThat(r.state()).isNotEqualTo("open"));
      // The handover is complete: its plan is deleted.
      assertThatThrownBy(() -> flow.ec2.describeLaunchTemplates(b -> b.launchTemplateNames(
          Plans.templateName(OLD)))).isInstanceOf(Ec2Exception.class);
    }
  }

  private static String scenario(Path path) {
    String pools = path == Path.ON_DEMAND ? Flow.THREE_POOLS.replace("\"capacity\": 10", "\"capacity\": 0")
        : Flow.THREE_POOLS;
    String deny = path == Path.FLEET ? ", \"deny\": [\"RequestSpotInstances\"]" : "";
    return Flow.scenario("", pools).replace("\"seed\": 7}", "\"volumes\": " + VOLUMES + ", \"addresses\": " + ADDRESS
        + ", \"seed\": 7" + deny + "}");
  }

  private static Settings settings(Path path) {
    return path == Path.ON_DEMAND
        ? allSubnets().withPools(PoolSettings.fromEnvironment(Map.of("ON_DEMAND_FALLBACK", "true")))
        : allSubnets();
  }
}
