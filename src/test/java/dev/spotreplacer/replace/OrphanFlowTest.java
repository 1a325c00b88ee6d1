package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.sim.SimInstance;
import dev.spotreplacer.sim.SimSpotRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Cancelling a spot request does not stop an instance it launched meanwhile: such an instance is
 * adopted as the replacement, or terminated when another one already replaces the original.
 */
class OrphanFlowTest {

  private static List<SimInstance> live(Flow flow) {
    return flow.emulator.instances().stream()
        .filter(i -> !i.instanceId().equals(OLD))
        .filter(i -> i.state().equals("pending") || i.state().equals("running"))
        .toList();
  }

  @Test
  void requestThatLaunchesWhileBeingCancelled_isAdoptedAsTheReplacement() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS.replace("\"capacity\": 10", "\"capacity\": 0")))) {
      // Capacity returns to the pool just as the flow gives its request up: EC2 launches before the cancel lands.
      ExecutionInterceptor capacityReturns = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
          if ("CancelSpotInstanceRequests".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            SimSpotRequest open = flow.emulator.spotRequests().stream().filter(r -> r.state().equals("open"))
                .findFirst().orElseThrow();
            flow.emulator.addCapacity("m5.large", open.availabilityZone(), 1);
            flow.clock.advance(Duration.ofSeconds(5));
          }
        }
      };
      try (Ec2Client racing = flow.client(List.of(capacityReturns))) {
        Result result = flow.replacer(racing, allSubnets()).replace(Flow.notice(warning(OLD)),
            flow.clock.instant().plus(Duration.ofMinutes(5)));

        assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(live(flow)).singleElement().satisfies(i -> {
          assertThat(i.instanceId()).isEqualTo(result.replacementInstanceId());
          assertThat(i.availabilityZone()).isEqualTo(result.availabilityZone());
          assertThat(i.tags()).containsEntry(TagKeys.REPLACES, OLD);
        });
        SimSpotRequest cancelled = flow.emulator.spotRequests().stream()
            .filter(r -> result.replacementInstanceId().equals(r.instanceId())).findFirst().orElseThrow();
        assertThat(cancelled.state()).isEqualTo("cancelled");
        assertThat(cancelled.statusCode()).isEqualTo("request-canceled-and-instance-running");
        // No request was sent for the next pool: the instance that launched anyway is the replacement.
        assertThat(flow.emulator.actionCounts()).containsEntry("RequestSpotInstances", 1L);
      }
    }
  }

  @Test
  void secondInstanceFromACancelledRequest_isTerminated_onTheNextDelivery() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Result first = flow.replace(allSubnets(), warning(OLD));
      String orphan = leaveAnOrphan(flow);

      Result again = flow.replace(allSubnets(), warning(OLD));

      assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(again.reason().wireName()).isEqualTo("already-replaced");
      assertThat(again.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      SimInstance terminated = flow.emulator.instance(orphan).orElseThrow();
      assertThat(terminated.state()).isIn("shutting-down", "terminated");
      assertThat(terminated.tags()).containsEntry(TagKeys.REPLACES, OLD);
      assertThat(live(flow)).extracting(SimInstance::instanceId).containsExactly(first.replacementInstanceId());
      assertThat(again.apiCalls()).containsEntry("TerminateInstances", 1L);
      assertThat(flow.progress).contains("terminated [" + orphan + "]: launched for " + OLD + " beside "
          + first.replacementInstanceId() + " by a request cancelled as it launched");
    }
  }

  /**
   * What a racing delivery can leave: a spot request for the original, cancelled after it launched,
   * whose instance runs untagged. Returns that instance.
   */
  static String leaveAnOrphan(Flow flow) {
    String id = flow.ec2.requestSpotInstances(b -> b.instanceCount(1).clientToken("racing-delivery")
        .launchSpecification(l -> l.imageId("ami-0a1").instanceType("m5.large").subnetId("subnet-0c1"))
        .tagSpecifications(t -> t.resourceType(ResourceType.SPOT_INSTANCES_REQUEST)
            .tags(Tag.builder().key(TagKeys.REPLACES).value(OLD).build())))
        .spotInstanceRequests().get(0).spotInstanceRequestId();
    flow.clock.advance(Duration.ofSeconds(10));
    flow.ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(id));
    return flow.emulator.spotRequests().stream().filter(r -> r.spotInstanceRequestId().equals(id))
        .findFirst().orElseThrow().instanceId();
  }
}
