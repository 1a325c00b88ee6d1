package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SignaturesTest {

  private static final String DESCRIBE = "Action=DescribeAvailabilityZones&Version=2016-11-15";

  @Test
  void requestSignedByTheSdkWithAKnownKey_isAnswered() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      assertThat(SignedPost.post(fixture.emulator.endpoint(), DESCRIBE).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void queryStringRequest_isCheckedOverItsSortedEncodedParameters() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = SignedPost.get(fixture.emulator.endpoint(),
          "Version=2016-11-15&ZoneName.1=us-east-1a&Action=DescribeAvailabilityZones&Filter.1.Name=state"
              + "&Filter.1.Value.1=available");
      // "ZoneName" sorts before "ZoneName.1" by name, but after it were "name=value" compared whole.
      HttpResponse<String> tricky = SignedPost.get(fixture.emulator.endpoint(),
          "Action=DescribeAvailabilityZones&Version=2016-11-15&ZoneName.1=us-east-1a&ZoneName=a%20b");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).contains("<zoneName>us-east-1a</zoneName>");
      assertThat(tricky.statusCode()).as(tricky.body()).isEqualTo(200);
    }
  }

  @Test
  void unsignedRequest_isMissingAuthenticationTokenAndNotExecuted() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = SignedPost.unsigned(fixture.emulator.endpoint(),
          "Action=CreateTags&Version=2016-11-15&ResourceId.1=" + EmulatorFixture.INSTANCE_ID
              + "&Tag.1.Key=a&Tag.1.Value=b");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
      assertThat(fixture.emulator.instance(EmulatorFixture.INSTANCE_ID).orElseThrow().tags()).doesNotContainKey("a");
    }
  }

  @Test
  void unknownAccessKey_isAuthFailure() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          AwsCredentialsIdentity.create("AKIDNOBODY", "whatever"), "us-east-1", "ec2");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("<Code>AuthFailure</Code>");
    }
  }

  @Test
  void wrongSecret_isSignatureDoesNotMatch() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          AwsCredentialsIdentity.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, "not-the-secret"), "us-east-1", "ec2");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }
  }

  @Test
  void scopeForAnotherService_isSignatureDoesNotMatch() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          AwsCredentialsIdentity.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY),
          "us-east-1", "s3");

      assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("scoped to correct service");
    }
  }

  @Test
  void sessionKey_needsItsOwnToken_andStopsWorkingWhenRevoked() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      fixture.emulator.acceptCredentials("ASIAROTATED", "rotated-secret", "token-1");

      assertThat(SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          SignedPost.session("ASIAROTATED", "rotated-secret", "token-1"), "us-east-1", "ec2").statusCode())
          .isEqualTo(200);
      assertThat(SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          SignedPost.session("ASIAROTATED", "rotated-secret", "token-2"), "us-east-1", "ec2").body())
          .contains("<Code>AuthFailure</Code>");
      assertThat(SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          AwsCredentialsIdentity.create("ASIAROTATED", "rotated-secret"), "us-east-1", "ec2").body())
          .contains("<Code>AuthFailure</Code>");

      fixture.emulator.revokeCredentials("ASIAROTATED");
      assertThat(SignedPost.post(fixture.emulator.endpoint(), DESCRIBE,
          SignedPost.session("ASIAROTATED", "rotated-secret", "token-1"), "us-east-1", "ec2").body())
          .contains("<Code>AuthFailure</Code>");
    }
  }

  /** botocore signs independently of the Java SDK: both must pass the same check. */
  @Test
  void awsCli_signsRequestsThisEmulatorAccepts() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      ProcessBuilder cli = new ProcessBuilder("aws", "ec2", "describe-availability-zones", "--region", "us-east-1",
          "--endpoint-url", fixture.emulator.endpoint().toString(), "--output", "text",
          "--query", "AvailabilityZones[0].ZoneName").redirectErrorStream(true);
      cli.environment().put("AWS_ACCESS_KEY_ID", Ec2Emulator.LOCAL_ACCESS_KEY_ID);
      cli.environment().put("AWS_SECRET_ACCESS_KEY", Ec2Emulator.LOCAL_SECRET_ACCESS_KEY);
      cli.environment().remove("AWS_SESSION_TOKEN");
      cli.environment().remove("AWS_PROFILE");
      cli.environment().put("AWS_CONFIG_FILE", "/dev/null");
      cli.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      String out = run(cli);
      assertThat(out.trim()).isEqualTo("us-east-1a");

      cli.environment().put("AWS_SECRET_ACCESS_KEY", "wrong");
      assertThat(run(cli)).contains("SignatureDoesNotMatch");
    }
  }

  private static String run(ProcessBuilder cli) throws IOException, InterruptedException {
    Process process = cli.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
