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
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The edge the emulator cannot show: a permission EC2 denies. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class DoctorTest {

  @Mock Ec2Client ec2;
  @Mock StsClient sts;

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

    var checks = new Doctor(ec2, sts, Region.US_EAST_1).run();

    assertThat(checks).filteredOn(c -> c.name().equals("ec2:RequestSpotInstances")).singleElement()
        .isEqualTo(new Doctor.Check(Doctor.Status.FAIL, "ec2:RequestSpotInstances", "denied (UnauthorizedOperation)",
            "allow ec2:RequestSpotInstances for these credentials (template.yaml grants it to the function)"));
    assertThat(checks).filteredOn(c -> c.name().equals("ec2:DescribeInstances")).singleElement()
        .extracting(Doctor.Check::status).isEqualTo(Doctor.Status.OK);
  }
}
