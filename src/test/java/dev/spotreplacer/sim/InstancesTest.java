package dev.spotreplacer.sim;

import static dev.spotreplacer.sim.EmulatorFixture.INSTANCE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

// The SDK\'s Consumer<Builder>... overloads make javac warn about generic varargs at each call.
@SuppressWarnings("unchecked")
class InstancesTest {

  private static final String USER_DATA = Base64.getEncoder().encodeToString("#!/bin/sh\necho hi\n".getBytes());

  private EmulatorFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  private static Scenario richScenario() {
    return Scenario.fromJson("""
        {"region": "eu-west-1",
         "instances": [{"instanceId": "i-0aaaaaaaaaaaaaaa1", "instanceType": "c5.xlarge",
                        "availabilityZone": "eu-west-1b", "subnetId": "subnet-0b1", "imageId": "ami-0b1",
                        "lifecycle": "spot", "state": "running", "tags": {"spot-replacer:enabled": "true", "Name": "ci"},
                        "userData": "%s", "securityGroupIds": ["sg-1", "sg-2"], "keyName": "ops",
                        "iamInstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/runner",
                        "ebsOptimized": true, "monitoring": true, "platform": "Linux/UNIX",
                        "spotRequestType": "persistent"}],
         "pools": [{"instanceType": "c5.xlarge", "availabilityZone": "eu-west-1b", "price": "0.0700"}]}
        """.formatted(USER_DATA));
  }

  private Instance describeOne(String instanceId) {
    List<Reservation> reservations = fixture.ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations();
    assertThat(reservations).hasSize(1);
    assertThat(reservations.get(0).instances()).hasSize(1);
    return reservations.get(0).instances().get(0);
  }

  @Test
  void describeInstances_returnsEverySeededField() {
    fixture = EmulatorFixture.start(richScenario());

    Instance instance = describeOne("i-0aaaaaaaaaaaaaaa1");

    assertThat(instance.instanceId()).isEqualTo("i-0aaaaaaaaaaaaaaa1");
    assertThat(instance.instanceTypeAsString()).isEqualTo("c5.xlarge");
    assertThat(instance.placement().availabilityZone()).isEqualTo("eu-west-1b");
    assertThat(instance.subnetId()).isEqualTo("subnet-0b1");
    assertThat(instance.vpcId()).startsWith("vpc-");
    assertThat(instance.imageId()).isEqualTo("ami-0b1");
    assertThat(instance.instanceLifecycleAsString()).isEqualTo("spot");
    assertThat(instance.spotInstanceRequestId()).startsWith("sir-");
    assertThat(instance.state().nameAsString()).isEqualTo("running");
    assertThat(instance.state().code()).isEqualTo(16);
    assertThat(instance.tags()).containsExactly(
        Tag.builder().key("spot-replacer:enabled").value("true").build(),
        Tag.builder().key("Name").value("ci").build());
    assertThat(instance.securityGroups()).extracting(g -> g.groupId()).containsExactly("sg-1", "sg-2");
    assertThat(instance.keyName()).isEqualTo("ops");
    assertThat(instance.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/runner");
    assertThat(instance.ebsOptimized()).isTrue();
    assertThat(instance.monitoring().stateAsString()).isEqualTo("enabled");
    assertThat(instance.platformDetails()).isEqualTo("Linux/UNIX");
    assertThat(instance.launchTime()).isBefore(EmulatorFixture.START);
    assertThat(instance.rootDeviceName()).isEqualTo("/dev/xvda");
    assertThat(instance.blockDeviceMappings()).singleElement()
        .satisfies(m -> assertThat(m.ebs().volumeId()).startsWith("vol-"));
    assertThat(instance.privateIpAddress()).startsWith("172.31.");
    assertThat(instance.networkInterfaces()).singleElement()
        .satisfies(n -> assertThat(n.subnetId()).isEqualTo("subnet-0b1"));
  }

  @Test
  void seededSpotInstance_hasAFulfilledRequestOfItsType() {
    fixture = EmulatorFixture.start(richScenario());

    String requestId = describeOne("i-0aaaaaaaaaaaaaaa1").spotInstanceRequestId();

    assertThat(fixture.ec2.describeSpotInstanceRequests(r -> r.spotInstanceRequestIds(requestId))
        .spotInstanceRequests())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.stateAsString()).isEqualTo("active");
          assertThat(r.status().code()).isEqualTo("fulfilled");
          assertThat(r.typeAsString()).isEqualTo("persistent");
          assertThat(r.instanceId()).isEqualTo("i-0aaaaaaaaaaaaaaa1");
        });
  }

  @Test
  void describeInstanceAttribute_returnsUserDataAndTypeAndEbsOptimized() {
    fixture = EmulatorFixture.start(richScenario());

    DescribeInstanceAttributeResponse userData = fixture.ec2.describeInstanceAttribute(
        r -> r.instanceId("i-0aaaaaaaaaaaaaaa1").attribute(InstanceAttributeName.USER_DATA));
    DescribeInstanceAttributeResponse type = fixture.ec2.describeInstanceAttribute(
        r -> r.instanceId("i-0aaaaaaaaaaaaaaa1").attribute(InstanceAttributeName.INSTANCE_TYPE));
    DescribeInstanceAttributeResponse ebs = fixture.ec2.describeInstanceAttribute(
        r -> r.instanceId("i-0aaaaaaaaaaaaaaa1").attribute(InstanceAttributeName.EBS_OPTIMIZED));

    assertThat(userData.userData().value()).isEqualTo(USER_DATA);
    assertThat(type.instanceType().value()).isEqualTo("c5.xlarge");
    assertThat(ebs.ebsOptimized().value()).isTrue();
  }

  @Test
  void describeInstanceAttribute_withoutUserData_returnsAnEmptyValue() {
    fixture = EmulatorFixture.startDefault();

    DescribeInstanceAttributeResponse response = fixture.ec2.describeInstanceAttribute(
        r -> r.instanceId(INSTANCE_ID).attribute(InstanceAttributeName.USER_DATA));

    assertThat(response.userData()).isNotNull();
    assertThat(response.userData().value()).isNull();
  }

  @Test
  void unknownInstance_isInvalidInstanceIdNotFound() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.describeInstances(r -> r.instanceIds("i-0fffffffffffffff0")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The instance ID 'i-0fffffffffffffff0' does not exist");
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.requestId()).isNotBlank();
        });
  }

  @Test
  void severalUnknownInstances_areNamedTogether() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.describeInstances(
            r -> r.instanceIds(INSTANCE_ID, "i-0fffffffffffffff0", "i-0eeeeeeeeeeeeeee0")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("The instance IDs 'i-0fffffffffffffff0, i-0eeeeeeeeeeeeeee0' do not exist"));
  }

  @Test
  void malformedInstanceId_isInvalidInstanceIdMalformed() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.describeInstances(r -> r.instanceIds("i-xyz")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid id: \"i-xyz\" (expecting \"i-xxxxxxxxxxxxxxxxx\")");
        });
  }

  @Test
  void filters_combineAsAndAcrossNamesAndOrWithinValues() {
    fixture = EmulatorFixture.start(manyInstances(7));

    List<String> ids = fixture.ec2.describeInstancesPaginator(r -> r.filters(
            f -> f.name("tag:team").values("blue", "green"),
            f -> f.name("instance-state-name").values("running"),
            f -> f.name("availability-zone").values("us-east-1*")))
        .reservations().stream().flatMap(res -> res.instances().stream()).map(Instance::instanceId).toList();

    assertThat(ids).containsExactly("i-00000000000000001", "i-00000000000000002", "i-00000000000000004",
        "i-00000000000000005", "i-00000000000000007");
  }

  @Test
  void filters_bySpotRequestIdAndLifecycle() {
    fixture = EmulatorFixture.startDefault();
    String requestId = fixture.emulator.instance(INSTANCE_ID).orElseThrow().spotInstanceRequestId();

    List<Instance> byRequest = fixture.ec2.describeInstances(r -> r.filters(
        f -> f.name("spot-instance-request-id").values(requestId),
        f -> f.name("instance-lifecycle").values("spot"),
        f -> f.name("tag-key").values("spot-replacer:enabled"))).reservations().get(0).instances();

    assertThat(byRequest).extracting(Instance::instanceId).containsExactly(INSTANCE_ID);
  }

  @Test
  void unknownFilter_isRejected() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.describeInstances(r -> r.filters(f -> f.name("colour").values("red"))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The filter 'colour' is invalid");
        });
  }

  @Test
  void describeInstances_paginatesWithMaxResultsAndNextToken() {
    fixture = EmulatorFixture.start(manyInstances(12));

    var first = fixture.ec2.describeInstances(r -> r.maxResults(5));
    List<String> all = fixture.ec2.describeInstancesPaginator(r -> r.maxResults(5))
        .reservations().stream().flatMap(res -> res.instances().stream()).map(Instance::instanceId).toList();

    assertThat(first.reservations()).hasSize(5);
    assertThat(first.nextToken()).isNotBlank();
    assertThat(all).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void maxResultsWithInstanceIds_isAnInvalidCombination() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.describeInstances(r -> r.instanceIds(INSTANCE_ID).maxResults(5)))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
  }

  @Test
  void createTags_isVisibleInDescribeInstancesAndDescribeTags() {
    fixture = EmulatorFixture.startDefault();

    fixture.ec2.createTags(r -> r.resources(INSTANCE_ID).tags(Tag.builder().key("owner").value("ops").build()));

    assertThat(describeOne(INSTANCE_ID).tags()).contains(Tag.builder().key("owner").value("ops").build());
    assertThat(fixture.ec2.describeTags(r -> r.filters(f -> f.name("resource-id").values(INSTANCE_ID),
            f -> f.name("key").values("owner"))).tags())
        .singleElement()
        .satisfies(t -> {
          assertThat(t.resourceTypeAsString()).isEqualTo("instance");
          assertThat(t.value()).isEqualTo("ops");
        });
    assertThat(fixture.emulator.instance(INSTANCE_ID).orElseThrow().tags()).containsEntry("owner", "ops");
  }

  @Test
  void deleteTags_removesOnlyMatchingValues() {
    fixture = EmulatorFixture.startDefault();
    fixture.ec2.createTags(r -> r.resources(INSTANCE_ID).tags(
        Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));

    fixture.ec2.deleteTags(r -> r.resources(INSTANCE_ID).tags(
        Tag.builder().key("a").value("other").build(), Tag.builder().key("b").build()));

    assertThat(fixture.emulator.instance(INSTANCE_ID).orElseThrow().tags()).containsEntry("a", "1").doesNotContainKey("b");
  }

  @Test
  void reservedTagPrefix_isRejected() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.createTags(
            r -> r.resources(INSTANCE_ID).tags(Tag.builder().key("aws:x").value("1").build())))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void terminateInstances_goesThroughShuttingDownToTerminated() {
    fixture = EmulatorFixture.startDefault();

    List<InstanceStateChange> changes =
        fixture.ec2.terminateInstances(r -> r.instanceIds(INSTANCE_ID)).terminatingInstances();

    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.previousState().nameAsString()).isEqualTo("running");
      assertThat(c.currentState().nameAsString()).isEqualTo("shutting-down");
    });
    fixture.advance(10);
    Instance instance = describeOne(INSTANCE_ID);
    assertThat(instance.state().nameAsString()).isEqualTo("terminated");
    assertThat(instance.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
    assertThat(fixture.emulator.spotRequests()).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo("closed");
      assertThat(r.statusCode()).isEqualTo("instance-terminated-by-user");
    });
  }

  @Test
  void interruption_terminatesTheInstanceAndClosesItsOneTimeRequest() {
    fixture = EmulatorFixture.startDefault();

    fixture.emulator.terminate(INSTANCE_ID);

    assertThat(fixture.emulator.instance(INSTANCE_ID).orElseThrow().state()).isEqualTo("shutting-down");
    fixture.advance(10);
    Instance instance = describeOne(INSTANCE_ID);
    assertThat(instance.state().nameAsString()).isEqualTo("terminated");
    assertThat(instance.stateReason().code()).isEqualTo("Server.SpotInstanceTermination");
    assertThat(fixture.emulator.spotRequests()).singleElement()
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo("instance-terminated-no-capacity"));
    assertThat(fixture.emulator.mutatingCalls()).isZero();
  }

  @Test
  void dryRunTerminate_failsWithDryRunOperationAndChangesNothing() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.terminateInstances(r -> r.instanceIds(INSTANCE_ID).dryRun(true)))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Request would have succeeded, but DryRun flag is set.");
          assertThat(e.statusCode()).isEqualTo(412);
        });
    assertThat(fixture.emulator.instance(INSTANCE_ID).orElseThrow().state()).isEqualTo("running");
    assertThat(fixture.emulator.mutatingCalls()).isZero();
    assertThat(fixture.emulator.actions()).containsExactly("TerminateInstances");
  }

  @Test
  void dryRunWithInvalidParameters_reportsTheParameterErrorFirst() {
    fixture = EmulatorFixture.startDefault();

    assertThatThrownBy(() -> fixture.ec2.terminateInstances(r -> r.instanceIds("i-0fffffffffffffff0").dryRun(true)))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
  }

  /** {@code count} on-demand instances; every third one is stopped, tags alternate blue/green/red. */
  static Scenario manyInstances(int count) {
    List<Scenario.InstanceSpec> specs = IntStream.rangeClosed(1, count)
        .mapToObj(i -> Scenario.InstanceSpec.builder(String.format("i-%017x", i), "m5.large", "us-east-1a")
            .lifecycle("on-demand")
            .state(i % 3 == 0 ? "stopped" : "running")
            .tags(Map.of("team", List.of("blue", "green", "red").get((i - 1) % 3)))
            .build())
        .toList();
    return new Scenario("us-east-1", specs, List.of(), null, 3);
  }
}
