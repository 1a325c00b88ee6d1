package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;

/** A secondary network interface follows like a volume: the private IP the network knows comes back. */
class InterfaceHandoverFlowTest {

  static final String ENI = "eni-0bbbbbbbbbbbbbbb1";
  static final String SCRATCH_ENI = "eni-0bbbbbbbbbbbbbbb2";

  /** The stateful scenario (EC2 terminates the old instance 120 s in) with two secondary interfaces. */
  static String withInterfaces() {
    return HandoverFlowTest.stateful("", "[]", "[]").replace("\"securityGroupIds\": [\"sg-0a1\"]",
        "\"securityGroupIds\": [\"sg-0a1\"], \"options\": {\"secondaryInterfaces\": ["
            + "{\"networkInterfaceId\": \"" + ENI + "\", \"deviceIndex\": 1, \"tags\": {\"spot-replacer:follow\": \"true\"}},"
            + "{\"networkInterfaceId\": \"" + SCRATCH_ENI + "\", \"deviceIndex\": 2, \"deleteOnTermination\": true}]}");
  }

  private static String address(Flow flow, String instanceId, int deviceIndex) {
    return flow.ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .networkInterfaces().stream()
        .filter(n -> n.attachment().deviceIndex() == deviceIndex)
        .map(InstanceNetworkInterface::privateIpAddress).findFirst().orElse(null);
  }

  @Test
  void followingInterface_isAttachedToTheReplacementAtItsIndex_onceTheOldInstanceReleasesIt() {
    try (Flow flow = Flow.of(withInterfaces())) {
      String knownAddress = address(flow, OLD, 1);

      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      // Interfaces are zonal: the replacement stays in the original's zone, as with volumes.
      assertThat(result.availabilityZone()).isEqualTo("us-east-1a");
      assertThat(result.message()).endsWith("; it holds " + ENI + " at device index 1");
      assertThat(address(flow, result.replacementInstanceId(), 1)).isEqualTo(knownAddress);
      // The interface deleted with the old instance does not follow.
      assertThat(address(flow, result.replacementInstanceId(), 2)).isNull();
      assertThat(result.apiCalls()).containsEntry("AttachNetworkInterface", 1L);
    }
  }

  @Test
  void shortBudget_endsPending_andTheTerminatedNoticeAttachesTheInterface() {
    try (Flow flow = Flow.of(withInterfaces())) {
      Result first = flow.replace(allSubnets().withHandover(HandoverTiming.REPLACEMENT_READY), warning(OLD),
          Duration.ofSeconds(90));

      assertThat(first.outcome()).isEqualTo(Outcome.PENDING);
      // The plan is recorded on the spot request: the terminated old instance no longer shows its interfaces.
      assertThat(flow.emulator.spotRequests()).filteredOn(r -> OLD.equals(r.tags().get("spot-replacer:replaces")))
          .singleElement().satisfies(r -> assertThat(r.tags()).containsEntry("spot-replacer:carry-eni:" + ENI, "1"));
      assertThat(address(flow, first.replacementInstanceId(), 1)).isNull();

      flow.clock.advance(Duration.ofSeconds(60));
      Result second = flow.replace(allSubnets(), HandoverFlowTest.terminated(OLD));

      assertThat(second.outcome()).as(second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(address(flow, first.replacementInstanceId(), 1)).isNotNull();
    }
  }
}
