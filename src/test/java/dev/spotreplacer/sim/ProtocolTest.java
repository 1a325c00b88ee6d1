package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

// The SDK\'s Consumer<Builder>... overloads make javac warn about generic varargs at each call.
@SuppressWarnings("unchecked")
class ProtocolTest {

  /** Keeps the form body of every request the SDK sends. */
  private static final class Capture implements ExecutionInterceptor {
    final List<String> bodies = new ArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      // The query protocol moves the parameters into the body in a late pipeline stage, so the
      // body is on the full request here rather than in requestBody().
      ((SdkHttpFullRequest) context.httpRequest()).contentStreamProvider().ifPresent(body -> {
        try (InputStream in = body.newStream()) {
          bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Test
  void sdkRequestParameters_areReadBackIntoAnEqualRequest() throws IOException {
    Capture capture = new Capture();
    RequestSpotInstancesRequest sent = RequestSpotInstancesRequest.builder()
        .clientToken("tok")
        .spotPrice("0.05")
        .instanceCount(1)
        .type("one-time")
        .validUntil(Instant.parse("2030-01-01T00:00:00Z"))
        .tagSpecifications(TagSpecification.builder().resourceType("spot-instances-request")
            .tags(Tag.builder().key("k1").value("v1").build(), Tag.builder().key("k2").value("v2").build()).build())
        .launchSpecification(l -> l.imageId("ami-1").instanceType("m5.large").keyName("key")
            .securityGroupIds("sg-1", "sg-2")
            .placement(p -> p.availabilityZone("us-east-1b"))
            .iamInstanceProfile(p -> p.arn("arn:aws:iam::123456789012:instance-profile/x"))
            .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvdb")
                .ebs(e -> e.volumeSize(20).deleteOnTermination(false)).build())
            .monitoring(m -> m.enabled(true))
            .userData("IyEvYmluL3NoCg=="))
        .build();
    try (Ec2Emulator emulator = Ec2Emulator.start(
            Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, "us-east-1"), new VirtualClock(EmulatorFixture.START), 0);
        Ec2Client ec2 = EmulatorFixture.client(emulator, capture)) {
      ec2.requestSpotInstances(sent);
    }

    Map<String, String> params = FormParams.decode(capture.bodies.get(0));
    assertThat(params).containsEntry("Action", "RequestSpotInstances")
        .containsEntry("LaunchSpecification.Placement.AvailabilityZone", "us-east-1b")
        .containsEntry("LaunchSpecification.SecurityGroupId.2", "sg-2")
        .containsEntry("TagSpecification.1.Tag.2.Key", "k2");
    assertThat(QueryReader.read(RequestSpotInstancesRequest.builder(), params)).isEqualTo(sent);
  }

  @Test
  void filterParameters_areFlattenedWithOneBasedIndexes() {
    Map<String, String> params = FormParams.decode(
        "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3Ateam&Filter.1.Value.1=blue"
            + "&Filter.1.Value.2=green&InstanceId.1=i-1&InstanceId.3=i-3");

    DescribeInstancesRequest request = QueryReader.read(DescribeInstancesRequest.builder(), params);

    assertThat(request.filters()).containsExactly(Filter.builder().name("tag:team").values("blue", "green").build());
    assertThat(request.instanceIds()).containsExactly("i-1", "i-3");
  }

  @Test
  void unknownParameter_isReportedByName() {
    Map<String, String> params = FormParams.decode("Action=DescribeInstances&InstanceIds.1=i-1");

    assertThatThrownBy(() -> QueryReader.read(DescribeInstancesRequest.builder(), params))
        .isInstanceOfSatisfying(Ec2Fault.class, e -> {
          assertThat(e.code()).isEqualTo("UnknownParameter");
          assertThat(e.getMessage()).isEqualTo("The parameter InstanceIds.1 is not recognized");
        });
  }

  @Test
  void badInteger_isInvalidParameterValueNamingTheParameter() {
    Map<String, String> params = FormParams.decode("Action=DescribeInstances&MaxResults=ten");

    assertThatThrownBy(() -> QueryReader.read(DescribeInstancesRequest.builder(), params))
        .isInstanceOfSatisfying(Ec2Fault.class, e -> {
          assertThat(e.code()).isEqualTo("InvalidParameterValue");
          assertThat(e.getMessage()).isEqualTo("Value (ten) for parameter MaxResults is invalid. Expected a number.");
        });
  }

  @Test
  void unknownAction_isInvalidActionAndStillRecorded() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = post(fixture.emulator.endpoint(), "Action=LaunchRockets&Version=2016-11-15");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("<Response><Errors><Error><Code>InvalidAction</Code>"
          + "<Message>The action LaunchRockets is not valid for this web service.</Message></Error></Errors>"
          + "<RequestID>");
      assertThat(fixture.emulator.actions()).containsExactly("LaunchRockets");
    }
  }

  @Test
  void successfulResponse_isNamespacedXmlWithARequestId() throws Exception {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      HttpResponse<String> response = post(fixture.emulator.endpoint(),
          "Action=DescribeAvailabilityZones&Version=2016-11-15");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml;charset=UTF-8");
      assertThat(response.body())
          .contains("<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
          .containsPattern("<requestId>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}</requestId>")
          .contains("<zoneName>us-east-1a</zoneName>");
    }
  }

  @Test
  void actionLog_countsMutatingCallsButNotDescribesOrDryRuns() {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      fixture.ec2.describeInstances();
      fixture.ec2.createTags(r -> r.resources(EmulatorFixture.INSTANCE_ID).tags(t -> t.key("a").value("b")));
      assertThatThrownBy(() -> fixture.ec2.createTags(
          r -> r.dryRun(true).resources(EmulatorFixture.INSTANCE_ID).tags(t -> t.key("a").value("b"))))
          .isInstanceOf(Ec2Exception.class);
      assertThatThrownBy(() -> fixture.ec2.terminateInstances(r -> r.instanceIds("i-0fffffffffffffff0")))
          .isInstanceOf(Ec2Exception.class);

      assertThat(fixture.emulator.actions())
          .containsExactly("DescribeInstances", "CreateTags", "CreateTags", "TerminateInstances");
      assertThat(fixture.emulator.mutatingCalls()).isEqualTo(2);
      assertThat(fixture.emulator.actionCounts())
          .isEqualTo(Map.of("DescribeInstances", 1L, "CreateTags", 2L, "TerminateInstances", 1L));
    }
  }

  @Test
  void describeSubnetsAndZones_coverScenarioSubnetsAndPools() {
    try (EmulatorFixture fixture = EmulatorFixture.startDefault()) {
      assertThat(fixture.ec2.describeSubnets(r -> r.filters(f -> f.name("availability-zone").values("us-east-1b")))
          .subnets()).singleElement().satisfies(s -> {
            assertThat(s.subnetId()).isEqualTo(Scenario.defaultSubnetId("us-east-1b"));
            assertThat(s.stateAsString()).isEqualTo("available");
          });
      assertThat(fixture.ec2.describeAvailabilityZones().availabilityZones())
          .extracting(z -> z.zoneName()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
      assertThatThrownBy(() -> fixture.ec2.describeSubnets(r -> r.subnetIds("subnet-0nope")))
          .isInstanceOfSatisfying(Ec2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound"));
    }
  }

  private static HttpResponse<String> post(URI endpoint, String form) throws Exception {
    return SignedPost.post(endpoint, form);
  }
}
