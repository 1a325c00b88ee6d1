package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;

/**
 * What EC2 does that is inconvenient, which the emulator does by default in every scenario:
 * terminated instances lose their network and profile and then vanish, new ids are unknown for a
 * few seconds, a cancelled request's instance runs on, and each region is its own EC2.
 */
class EmulatorTruthsTest {

  private static Instance describe(EmulatorFixture f, String id) {
    return f.ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private static String requestIn1b(EmulatorFixture f) {
    return f.ec2.requestSpotInstances(b -> b.instanceCount(1).launchSpecification(l -> l
        .imageId("ami-0a1").instanceType("m5.large").placement(p -> p.availabilityZone("us-east-1b"))))
        .spotInstanceRequests().get(0).spotInstanceRequestId();
  }

  private static String code(Throwable e) {
    return ((Ec2Exception) e).awsErrorDetails().errorCode();
  }

  @Test
  void terminatedInstance_isShownWithoutSubnetGroupsProfileOrAddress_thenNotAtAll() {
    Scenario scenario = Scenario.fromJson("""
        {"region": "us-east-1",
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large",
                        "availabilityZone": "us-east-1a",
                        "iamInstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/web"}],
         "timing": {"terminatedSeconds": 600}}
        """);
    try (EmulatorFixture f = EmulatorFixture.start(scenario)) {
      assertThat(describe(f, EmulatorFixture.INSTANCE_ID).subnetId()).isNotNull();
      f.emulator.terminate(EmulatorFixture.INSTANCE_ID);
      f.advance(11);

      Instance gone = describe(f, EmulatorFixture.INSTANCE_ID);
      assertThat(gone.state().nameAsString()).isEqualTo("terminated");
      assertThat(gone.subnetId()).isNull();
      assertThat(gone.vpcId()).isNull();
      assertThat(gone.privateIpAddress()).isNull();
      assertThat(gone.securityGroups()).isEmpty();
      assertThat(gone.iamInstanceProfile()).isNull();
      assertThat(gone.networkInterfaces()).isEmpty();
      assertThat(gone.instanceTypeAsString()).isEqualTo("m5.large");
      assertThat(f.ec2.describeInstances(b -> b.filters(x -> x.name("subnet-id")
          .values(Scenario.defaultSubnetId("us-east-1a")))).reservations()).isEmpty();

      f.advance(600);
      assertThatThrownBy(() -> describe(f, EmulatorFixture.INSTANCE_ID))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
      assertThat(f.ec2.describeInstances(b -> b.maxResults(5)).reservations()).isEmpty();
    }
  }

  @Test
  void newRequestAndInstanceIds_areUnknownForAFewSeconds_toDescribeAndCreateTags() {
    try (EmulatorFixture f = EmulatorFixture.start(Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, "us-east-1"))) {
      String requestId = requestIn1b(f);

      assertThatThrownBy(() -> f.ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(requestId)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidSpotInstanceRequestID.NotFound"));
      assertThat(f.ec2.describeSpotInstanceRequests(b -> b.filters(x -> x.name("state").values("open")))
          .spotInstanceRequests()).isEmpty();

      f.advance(Scenario.Timing.DEFAULT.evaluateSeconds() + Scenario.Timing.DEFAULT.fulfillSeconds());
      SpotInstanceRequest fulfilled = f.ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(requestId))
          .spotInstanceRequests().get(0);
      String instanceId = fulfilled.instanceId();
      assertThat(instanceId).isNotNull();
      assertThatThrownBy(() -> f.ec2.createTags(b -> b.resources(instanceId).tags(t -> t.key("k").value("v"))))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
      assertThatThrownBy(() -> describe(f, instanceId))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));

      f.advance(Scenario.Timing.STALE_SECONDS);
      f.ec2.createTags(b -> b.resources(instanceId).tags(t -> t.key("k").value("v")));
      assertThat(describe(f, instanceId).tags()).extracting(t -> t.key()).containsExactly("k");
    }
  }

  @Test
  void cancellingAFulfilledRequest_leavesItsInstanceRunning() {
    try (EmulatorFixture f = EmulatorFixture.start(Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, "us-east-1"))) {
      String requestId = requestIn1b(f);
      f.advance(60);

      f.ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(requestId));

      SpotInstanceRequest cancelled = f.ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(requestId))
          .spotInstanceRequests().get(0);
      assertThat(cancelled.stateAsString()).isEqualTo("cancelled");
      assertThat(cancelled.status().code()).isEqualTo("request-canceled-and-instance-running");
      assertThat(describe(f, cancelled.instanceId()).state().nameAsString()).isEqualTo("running");
    }
  }

  @Test
  void clientSigningForAnotherRegion_seesNoneOfTheScenariosRegion() {
    try (EmulatorFixture f = EmulatorFixture.start(Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, "us-east-2"));
        Ec2Client west = Ec2Client.builder()
            .endpointOverride(f.emulator.endpoint())
            .region(Region.US_WEST_2)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThat(f.ec2.describeInstances(b -> b.instanceIds(EmulatorFixture.INSTANCE_ID)).reservations()).hasSize(1);

      assertThat(west.describeInstances(b -> b.maxResults(5)).reservations()).isEmpty();
      assertThatThrownBy(() -> west.describeInstances(b -> b.instanceIds(EmulatorFixture.INSTANCE_ID)))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
      assertThat(west.describeSpotPriceHistory(b -> b.instanceTypesWithStrings("m5.large")).spotPriceHistory())
          .isEmpty();
      assertThat(f.emulator.signedCalls()).extracting(SignedCall::region).contains("us-west-2", "us-east-2");
      assertThat(f.emulator.instances()).hasSize(1);
    }
  }
}
