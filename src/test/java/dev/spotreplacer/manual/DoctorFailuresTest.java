package dev.spotreplacer.manual;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** doctor tells a network failure, bad or missing credentials, and a denying policy apart. */
class DoctorFailuresTest {

  private static StsException sts(String code) {
    return (StsException) StsException.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build()).build();
  }

  @Test
  void connectionRefused_isTheNetwork() {
    Doctor.Check check = Doctor.callerIdentityFailure(SdkClientException.builder().message("Unable to execute HTTP request")
        .cause(new ConnectException("Connection refused")).build());

    assertThat(check.name()).isEqualTo("network");
    assertThat(check.detail()).isEqualTo("could not reach the endpoint (ConnectException: Connection refused)");
  }

  @Test
  void noCredentials_isCredentials_none() {
    Doctor.Check check = Doctor.callerIdentityFailure(SdkClientException.create("Unable to load credentials from any of"
        + " the providers in the chain"));

    assertThat(check.name()).isEqualTo("credentials");
    assertThat(check.detail()).isEqualTo("none found");
  }

  @Test
  void rejectedKeys_areCredentials_refusedByTheirCode() {
    Doctor.Check check = Doctor.callerIdentityFailure(sts("InvalidClientTokenId"));

    assertThat(check.name()).isEqualTo("credentials");
    assertThat(check.detail()).isEqualTo("STS refused them (InvalidClientTokenId)");
  }

  @Test
  void accessDenied_isAPermission_notTheCredentials() {
    Doctor.Check check = Doctor.callerIdentityFailure(sts("AccessDenied"));

    assertThat(check.name()).isEqualTo("permission");
    assertThat(check.status()).isEqualTo(Doctor.Status.FAIL);
  }
}
