package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotInstanceRequestsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

/** The owners that replace an instance themselves, the opt-in tag and persistent requests. */
@ExtendWith(MockitoExtension.class)
class EligibilityTest {

  static final String ID = "i-0123456789abcdef0";

  @Mock
  Ec2Client ec2;

  private static Original original(String lifecycle, String spotRequestId, Map<String, String> extraTags) {
    Map<String, String> tags = new HashMap<>(extraTags);
    tags.putIfAbsent("spot-replacer:enabled", "true");
    LaunchSpec spec = new LaunchSpec("ami-0a1", "m5.large", "us-east-1a", "subnet-0a1", List.of(), null, null, null,
        false, false, List.of());
    return new Original(ID, "running", lifecycle, spotRequestId, "Linux/UNIX", spec, tags);
  }

  private Decision decide(Original original) {
    return new Eligibility(ec2, Settings.defaults()).decide(original);
  }

  private static String reason(Decision decision) {
    return decision instanceof Decision.Skip skip ? skip.reason().wireName() : "eligible";
  }

  @Test
  void ec2FleetInstance_isLeftToItsFleet() {
    Decision decision = decide(original("spot", null, Map.of("aws:ec2:fleet-id", "fleet-1")));

    assertThat(reason(decision)).isEqualTo("managed-by-ec2-fleet");
    assertThat(((Decision.Skip) decision).message()).isEqualTo(ID + " carries the tag aws:ec2:fleet-id: its owner"
        + " replaces it; replacing it here too would make a duplicate");
  }

  @Test
  void ourOwnInstantFleetReplacement_isStillOursToReplace() {
    assertThat(reason(decide(original("spot", null, Map.of("aws:ec2:fleet-id", "fleet-1",
        TagKeys.REPLACES, "i-0aaaaaaaaaaaaaaaa"))))).isEqualTo("eligible");
  }

  @Test
  void ourReplaceTag_doesNotExemptAnAutoScalingInstance() {
    assertThat(reason(decide(original("spot", null, Map.of("aws:autoscaling:groupName", "web",
        TagKeys.REPLACES, "i-0aaaaaaaaaaaaaaaa"))))).isEqualTo("managed-by-auto-scaling");
  }

  @Test
  void karpenterNode_isLeftToKarpenter_byEitherTagPrefix() {
    Decision nodePool = decide(original("spot", null, Map.of("karpenter.sh/nodepool", "default")));
    Decision nodeClass = decide(original("spot", null, Map.of("karpenter.k8s.aws/ec2nodeclass", "default")));

    assertThat(reason(nodePool)).isEqualTo("managed-by-karpenter");
    assertThat(((Decision.Skip) nodePool).message()).contains("carries the tag karpenter.sh/*:");
    assertThat(reason(nodeClass)).isEqualTo("managed-by-karpenter");
  }

  @Test
  void tagThatOnlyStartsLikeKarpenters_isNotKarpenters() {
    assertThat(reason(decide(original("spot", null, Map.of("karpenter.sh", "x", "karpenter.shop/a", "y")))))
        .isEqualTo("eligible");
  }

  @Test
  void onDemandInstance_isNotReplaced() {
    assertThat(reason(decide(original("on-demand", null, Map.of())))).isEqualTo("not-spot");
    verifyNoInteractions(ec2);
  }

  @Test
  void optInTag_isRequired_andItsValueIsCaseInsensitive() {
    assertThat(reason(decide(original("spot", null, Map.of("spot-replacer:enabled", "false")))))
        .isEqualTo("not-opted-in");
    assertThat(reason(decide(original("spot", null, Map.of("spot-replacer:enabled", "TRUE"))))).isEqualTo("eligible");
  }

  @SuppressWarnings("unchecked")
  private void requestType(SpotInstanceType type) {
    when(ec2.describeSpotInstanceRequests(any(Consumer.class))).thenReturn(DescribeSpotInstanceRequestsResponse
        .builder().spotInstanceRequests(SpotInstanceRequest.builder().spotInstanceRequestId("sir-1").type(type)
            .build()).build());
  }

  @Test
  void persistentRequestsInstance_isLeftToEc2ToRelaunch() {
    requestType(SpotInstanceType.PERSISTENT);

    Decision decision = decide(original("spot", "sir-1", Map.of()));

    assertThat(reason(decision)).isEqualTo("persistent-spot-request");
    assertThat(((Decision.Skip) decision).message()).isEqualTo(ID + " comes from the persistent spot request sir-1:"
        + " EC2 relaunches it by itself");
  }

  @Test
  void oneTimeRequestsInstance_isReplaced() {
    requestType(SpotInstanceType.ONE_TIME);

    assertThat(reason(decide(original("spot", "sir-1", Map.of())))).isEqualTo("eligible");
  }

  @Test
  @SuppressWarnings("unchecked")
  void requestEc2NoLongerKnows_isNotPersistent() {
    when(ec2.describeSpotInstanceRequests(any(Consumer.class))).thenThrow(Ec2Exception.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidSpotInstanceRequestID.NotFound").build())
        .build());

    assertThat(reason(decide(original("spot", "sir-1", Map.of())))).isEqualTo("eligible");
  }

  @Test
  void noRequestId_asksNothing() {
    assertThat(reason(decide(original("spot", null, Map.of())))).isEqualTo("eligible");
    verifyNoInteractions(ec2);
  }

  @Test
  void onItsFace_decidesFromWhatDescribeInstancesShows_withoutAnEc2Client() {
    Settings settings = Settings.defaults();
    Map<String, String> optedIn = Map.of("spot-replacer:enabled", "true");

    assertThat(Eligibility.onItsFace(ID, "spot", optedIn, "Linux/UNIX", settings))
        .isInstanceOf(Decision.Eligible.class);
    assertThat(reason(Eligibility.onItsFace(ID, "on-demand", optedIn, "Linux/UNIX", settings))).isEqualTo("not-spot");
    assertThat(reason(Eligibility.onItsFace(ID, "spot", Map.of(), "Linux/UNIX", settings))).isEqualTo("not-opted-in");
    assertThat(reason(Eligibility.onItsFace(ID, "spot", optedIn, "Windows with SQL Server Web", settings)))
        .isEqualTo("platform-without-spot-market");
    assertThat(reason(Eligibility.onItsFace(ID, "spot",
        Map.of("spot-replacer:enabled", "true", "eks:nodegroup-name", "ng"), "Linux/UNIX", settings)))
        .isEqualTo("managed-by-eks");
  }
}
