package dev.spotreplacer.manual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListRulesRequest;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The edge the emulator cannot show: a permission EC2 denies. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class DoctorTest {

  @Mock Ec2Client ec2;
  @Mock StsClient sts;
  @Mock EventBridgeClient events;

  @Test
  @SuppressWarnings("unchecked")
  void deniedRequestSpotInstances_failsNamingThePermissionToAdd() {
    when(sts.getCallerIdentity(any(Consumer.class))).thenReturn(GetCallerIdentityResponse.builder()
        .arn("arn:aws:iam::123456789012:user/ops").account("123456789012").build());
    when(ec2.describeAvailabilityZones(any(Consumer.class))).thenReturn(DescribeAvailabilityZonesResponse.builder().build());
    when(ec2.requestSpotInstances(any(Consumer.class))).thenThrow(Ec2Exception.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnauthorizedOperation").build()).build());
    Ec2Exception dryRunOk = (Ec2Exception) Ec2Exception.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("DryRunOperation").build()).build();
    when(ec2.describeInstances(any(Consumer.class))).thenThrow(dryRunOk);
    when(ec2.describeSpotInstanceRequests(any(Consumer.class))).thenThrow(dryRunOk);
    when(events.listRules(any(Consumer.class))).thenReturn(ListRulesResponse.builder().build());

    var checks = new Doctor(ec2, sts, events, Region.US_EAST_1).run();

    assertThat(checks).filteredOn(c -> c.name().equals("ec2:RequestSpotInstances")).singleElement()
        .isEqualTo(new Doctor.Check(Doctor.Status.FAIL, "ec2:RequestSpotInstances", "denied (UnauthorizedOperation)",
            "allow ec2:RequestSpotInstances for these credentials (template.yaml grants it to the function)"));
    assertThat(checks).filteredOn(c -> c.name().equals("ec2:DescribeInstances")).singleElement()
        .extracting(Doctor.Check::status).isEqualTo(Doctor.Status.OK);
  }

  /** A second page, a look-alike pattern and a non-Lambda target: what the emulator's default does not show. */
  @Test
  @SuppressWarnings("unchecked")
  void ruleCheck_followsNextToken_skipsOtherPatterns_andWarnsWhenNoTargetIsAFunction() {
    String warning = "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}";
    when(events.listRules(any(Consumer.class))).thenAnswer(call -> {
      ListRulesRequest.Builder request = ListRulesRequest.builder();
      ((Consumer<ListRulesRequest.Builder>) call.getArgument(0)).accept(request);
      return request.build().nextToken() == null
          ? ListRulesResponse.builder().nextToken("2").rules(
              Rule.builder().name("rebalance").state("ENABLED")
                  .eventPattern("{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Instance Rebalance Recommendation\"]}")
                  .build(),
              Rule.builder().name("scheduled").state("ENABLED").build()).build()
          : ListRulesResponse.builder().rules(Rule.builder().name("to-queue").state("ENABLED").eventPattern(warning)
              .build()).build();
    });
    when(events.listTargetsByRule(any(Consumer.class))).thenAnswer(call -> {
      ListTargetsByRuleRequest.Builder request = ListTargetsByRuleRequest.builder();
      ((Consumer<ListTargetsByRuleRequest.Builder>) call.getArgument(0)).accept(request);
      assertThat(request.build().rule()).isEqualTo("to-queue");
      return ListTargetsByRuleResponse.builder()
          .targets(Target.builder().id("q").arn("arn:aws-cn:sqs:cn-north-1:123456789012:spot").build()).build();
    });

    var checks = new RuleCheck(events, Region.US_EAST_1).run();

    assertThat(checks).containsExactly(new Doctor.Check(Doctor.Status.WARN, "deployed rule",
        "to-queue: enabled, targets no Lambda function",
        "make the replacer function its target: redeploy with `sam deploy`"));
  }

  @Test
  void ruleCheck_matchesExactSourceAndDetailTypeValuesOnly() {
    RuleCheck check = new RuleCheck(events, Region.US_EAST_1);

    assertThat(check.matchesSpotWarning(
        "{\"source\":\"aws.ec2\",\"detail-type\":[\"EC2 Spot Instance Interruption Warning\",\"x\"]}")).isTrue();
    assertThat(check.matchesSpotWarning("{\"source\":[\"aws.ec2\"],\"detail-type\":[{\"prefix\":\"EC2 Spot\"}]}"))
        .isFalse();
    assertThat(check.matchesSpotWarning("not json")).isFalse();
    assertThat(check.matchesSpotWarning(null)).isFalse();
  }
}
