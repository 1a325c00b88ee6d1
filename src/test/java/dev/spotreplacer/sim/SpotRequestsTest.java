package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CancelledSpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

// The SDK\'s Consumer<Builder>... overloads make javac warn about generic varargs at each call.
@SuppressWarnings("unchecked")
class SpotRequestsTest {

  private EmulatorFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  /**
   * One pool per case: 1a normal, 1b no capacity, 1c failing with bad-parameters; 1d for a subnet.
   * New ids are visible at once: these tests follow a request's states second by second, and
   * EventualConsistencyTest covers how long EC2 may not know a fresh id.
   */
  private static Scenario pools() {
    return Scenario.fromJson("""
        {"region": "us-east-1",
         "subnets": [{"subnetId": "subnet-0a1", "availabilityZone": "us-east-1a"},
                     {"subnetId": "subnet-0d1", "availabilityZone": "us-east-1d"}],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.0350", "capacity": 1},
                   {"instanceType": "m5.large", "availabilityZone": "us-east-1b", "price": "0.0300", "capacity": 0},
                   {"instanceType": "m5.large", "availabilityZone": "us-east-1c", "price": "0.0300",
                    "failWith": "bad-parameters"}],
         "timing": {"evaluateSeconds": 2, "fulfillSeconds": 3, "bootSeconds": 40, "staleSeconds": 0},
         "seed": 11}
        """);
  }

  private static Consumer<RequestSpotInstancesRequest.Builder> inZone(String zone) {
    return r -> r.instanceCount(1)
        .launchSpecification(l -> l.imageId("ami-0a1").instanceType("m5.large")
            .placement(p -> p.availabilityZone(zone)));
  }

  private SpotInstanceRequest request(Consumer<RequestSpotInstancesRequest.Builder> request) {
    return fixture.ec2.requestSpotInstances(request).spotInstanceRequests().get(0);
  }

  private SpotInstanceRequest describe(String id) {
    return fixture.ec2.describeSpotInstanceRequests(r -> r.spotInstanceRequestIds(id)).spotInstanceRequests().get(0);
  }

  @Test
  void request_isEvaluatedThenFulfilledWithAPendingInstanceThatBoots() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1a").andThen(r -> r.spotPrice("0.05")));
    assertThat(opened.stateAsString()).isEqualTo("open");
    assertThat(opened.status().code()).isEqualTo("pending-evaluation");

    fixture.advance(2);
    assertThat(describe(opened.spotInstanceRequestId()).status().code()).isEqualTo("pending-fulfillment");

    fixture.advance(3);
    SpotInstanceRequest fulfilled = describe(opened.spotInstanceRequestId());
    assertThat(fulfilled.stateAsString()).isEqualTo("active");
    assertThat(fulfilled.status().code()).isEqualTo("fulfilled");
    assertThat(fulfilled.status().updateTime()).isEqualTo(EmulatorFixture.START.plusSeconds(5));
    assertThat(fulfilled.launchedAvailabilityZone()).isEqualTo("us-east-1a");
    Instance instance = fixture.ec2.describeInstances(r -> r.instanceIds(fulfilled.instanceId()))
        .reservations().get(0).instances().get(0);
    assertThat(instance.state().nameAsString()).isEqualTo("pending");
    assertThat(instance.instanceLifecycleAsString()).isEqualTo("spot");
    assertThat(instance.spotInstanceRequestId()).isEqualTo(opened.spotInstanceRequestId());
    assertThat(instance.subnetId()).isEqualTo("subnet-0a1");
    assertThat(instance.imageId()).isEqualTo("ami-0a1");

    fixture.advance(40);
    assertThat(fixture.emulator.instance(fulfilled.instanceId()).orElseThrow().state()).isEqualTo("running");
  }

  @Test
  void requestInASubnet_launchesInTheSubnetsZone() {
    fixture = EmulatorFixture.start(Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, "us-east-1"));
    String subnetB = Scenario.defaultSubnetId("us-east-1b");

    SpotInstanceRequest opened = request(r -> r.launchSpecification(
        l -> l.imageId("ami-1").instanceType("m5.large").subnetId(subnetB)));
    fixture.advance(10);

    SpotInstanceRequest fulfilled = describe(opened.spotInstanceRequestId());
    assertThat(fulfilled.launchedAvailabilityZone()).isEqualTo("us-east-1b");
    assertThat(fixture.emulator.instance(fulfilled.instanceId()).orElseThrow().subnetId()).isEqualTo(subnetB);
  }

  @Test
  void poolWithoutCapacity_leavesTheRequestOpenWithCapacityNotAvailable() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1b"));
    fixture.advance(60);

    SpotInstanceRequest later = describe(opened.spotInstanceRequestId());
    assertThat(later.stateAsString()).isEqualTo("open");
    assertThat(later.status().code()).isEqualTo("capacity-not-available");
    assertThat(later.instanceId()).isNull();
  }

  @Test
  void lastUnitOfCapacity_goesToTheFirstRequestEvaluated() {
    fixture = EmulatorFixture.start(pools());

    String first = request(inZone("us-east-1a")).spotInstanceRequestId();
    fixture.advance(1);
    String second = request(inZone("us-east-1a")).spotInstanceRequestId();
    fixture.advance(10);

    assertThat(describe(first).status().code()).isEqualTo("fulfilled");
    assertThat(describe(second).status().code()).isEqualTo("capacity-not-available");
  }

  @Test
  void maxPrice_isDescribedWithSixDecimals_asEc2Does() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1a").andThen(r -> r.spotPrice("0.05")));

    assertThat(opened.spotPrice()).isEqualTo("0.050000");
    assertThat(describe(opened.spotInstanceRequestId()).spotPrice()).isEqualTo("0.050000");
  }

  @Test
  void maxPriceBelowThePoolPrice_isPriceTooLow() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1a").andThen(r -> r.spotPrice("0.0100")));
    fixture.advance(2);

    SpotInstanceRequest later = describe(opened.spotInstanceRequestId());
    assertThat(later.stateAsString()).isEqualTo("open");
    assertThat(later.status().code()).isEqualTo("price-too-low");
    assertThat(later.status().message()).isEqualTo("Your Spot request price of 0.0100 is lower than the minimum"
        + " required Spot request fulfillment price of 0.0350.");
  }

  @Test
  void poolFailWith_failsTheRequestWithThatCode() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1c"));
    fixture.advance(2);

    SpotInstanceRequest later = describe(opened.spotInstanceRequestId());
    assertThat(later.stateAsString()).isEqualTo("failed");
    assertThat(later.status().code()).isEqualTo("bad-parameters");
    assertThat(later.fault().code()).isEqualTo("bad-parameters");
  }

  @Test
  void zoneWithoutAPool_isBadParameters() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1d"));
    fixture.advance(2);

    assertThat(describe(opened.spotInstanceRequestId()))
        .satisfies(r -> {
          assertThat(r.stateAsString()).isEqualTo("failed");
          assertThat(r.status().code()).isEqualTo("bad-parameters");
          assertThat(r.status().message()).isEqualTo("Spot instances of type m5.large are not offered in us-east-1d");
        });
  }

  @Test
  void unknownSubnet_isBadParameters() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(r -> r.launchSpecification(
        l -> l.imageId("ami-1").instanceType("m5.large").subnetId("subnet-0nope")));
    fixture.advance(2);

    assertThat(describe(opened.spotInstanceRequestId()).status().message())
        .isEqualTo("The subnet ID 'subnet-0nope' does not exist");
  }

  @Test
  void sameClientTokenTwice_returnsTheSameRequest() {
    fixture = EmulatorFixture.start(pools());
    Consumer<RequestSpotInstancesRequest.Builder> request = inZone("us-east-1a").andThen(r -> r.clientToken("evt-1"));

    String first = request(request).spotInstanceRequestId();
    fixture.advance(10);
    SpotInstanceRequest again = request(request);

    assertThat(again.spotInstanceRequestId()).isEqualTo(first);
    assertThat(again.status().code()).isEqualTo("fulfilled");
    assertThat(fixture.emulator.spotRequests()).filteredOn(r -> "evt-1".equals(r.clientToken())).hasSize(1);
  }

  @Test
  void sameClientTokenFromEightThreads_createsOneRequest() throws Exception {
    fixture = EmulatorFixture.start(pools());
    Consumer<RequestSpotInstancesRequest.Builder> request = inZone("us-east-1a").andThen(r -> r.clientToken("evt-2"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> call = () -> {
          go.await();
          return request(request).spotInstanceRequestId();
        };
        calls.add(pool.submit(call));
      }
      go.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<String> call : calls) {
        ids.add(call.get());
      }

      assertThat(ids).hasSize(8).containsOnly(ids.get(0));
      assertThat(fixture.emulator.spotRequests()).filteredOn(r -> "evt-2".equals(r.clientToken())).hasSize(1);
      assertThat(fixture.emulator.actionCounts()).containsEntry("RequestSpotInstances", 8L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sameClientTokenWithOtherParameters_isIdempotentParameterMismatch() {
    fixture = EmulatorFixture.start(pools());
    request(inZone("us-east-1a").andThen(r -> r.clientToken("evt-3")));

    assertThatThrownBy(() -> request(inZone("us-east-1b").andThen(r -> r.clientToken("evt-3"))))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch"));
    assertThat(fixture.emulator.spotRequests()).hasSize(1);
  }

  @Test
  void tagSpecifications_tagTheRequest() {
    fixture = EmulatorFixture.start(pools());

    SpotInstanceRequest opened = request(inZone("us-east-1a").andThen(r -> r.tagSpecifications(
        t -> t.resourceType("spot-instances-request").tags(Tag.builder().key("origin").value("i-1").build()))));

    assertThat(opened.tags()).containsExactly(Tag.builder().key("origin").value("i-1").build());
    assertThat(fixture.ec2.describeSpotInstanceRequests(r -> r.filters(f -> f.name("tag:origin").values("i-1")))
        .spotInstanceRequests()).extracting(SpotInstanceRequest::spotInstanceRequestId)
        .containsExactly(opened.spotInstanceRequestId());
  }

  @Test
  void tagSpecificationForInstances_isRejectedAsEc2Does() {
    fixture = EmulatorFixture.start(pools());

    assertThatThrownBy(() -> request(inZone("us-east-1a").andThen(r -> r.tagSpecifications(
            t -> t.resourceType("instance").tags(Tag.builder().key("a").value("b").build())))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          assertThat(e.awsErrorDetails().errorMessage()).startsWith("'instance' is not a valid taggable resource type");
        });
  }

  @Test
  void missingImageId_isMissingParameter() {
    fixture = EmulatorFixture.start(pools());

    assertThatThrownBy(() -> request(r -> r.launchSpecification(l -> l.instanceType("m5.large"))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingParameter");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("The request must contain the parameter LaunchSpecification.ImageId");
        });
  }

  @Test
  void badSpotPrice_isInvalidParameterValueNamingSpotPrice() {
    fixture = EmulatorFixture.start(pools());

    assertThatThrownBy(() -> request(inZone("us-east-1a").andThen(r -> r.spotPrice("cheap"))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
          assertThat(e.awsErrorDetails().errorMessage()).contains("SpotPrice");
        });
  }

  @Test
  void dryRunRequest_createsNothingAndIsNotCounted() {
    fixture = EmulatorFixture.start(pools());

    assertThatThrownBy(() -> request(inZone("us-east-1a").andThen(r -> r.dryRun(true).clientToken("dry"))))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation"));

    assertThat(fixture.emulator.spotRequests()).isEmpty();
    assertThat(fixture.emulator.mutatingCalls()).isZero();
    // The token was not used up: the real call afterwards succeeds.
    assertThat(request(inZone("us-east-1a").andThen(r -> r.clientToken("dry"))).stateAsString()).isEqualTo("open");
    assertThat(fixture.emulator.mutatingCalls()).isEqualTo(1);
  }

  @Test
  void cancelBeforeFulfilment_isCanceledBeforeFulfillmentAndLaunchesNothing() {
    fixture = EmulatorFixture.start(pools());
    String id = request(inZone("us-east-1a")).spotInstanceRequestId();
    fixture.advance(2);

    List<CancelledSpotInstanceRequest> cancelled =
        fixture.ec2.cancelSpotInstanceRequests(r -> r.spotInstanceRequestIds(id)).cancelledSpotInstanceRequests();
    fixture.advance(60);

    assertThat(cancelled).singleElement().satisfies(c -> assertThat(c.stateAsString()).isEqualTo("cancelled"));
    assertThat(describe(id).status().code()).isEqualTo("canceled-before-fulfillment");
    assertThat(fixture.emulator.instances()).isEmpty();
    // The capacity the request held goes back to the pool.
    assertThat(request(inZone("us-east-1a")).spotInstanceRequestId()).isNotEqualTo(id);
    fixture.advance(10);
    assertThat(fixture.emulator.instances()).hasSize(1);
  }

  @Test
  void cancelAfterFulfilment_leavesTheInstanceRunning() {
    fixture = EmulatorFixture.start(pools());
    String id = request(inZone("us-east-1a")).spotInstanceRequestId();
    fixture.advance(50);

    fixture.ec2.cancelSpotInstanceRequests(r -> r.spotInstanceRequestIds(id));

    SpotInstanceRequest later = describe(id);
    assertThat(later.stateAsString()).isEqualTo("cancelled");
    assertThat(later.status().code()).isEqualTo("request-canceled-and-instance-running");
    assertThat(fixture.emulator.instance(later.instanceId()).orElseThrow().state()).isEqualTo("running");
  }

  @Test
  void unknownSpotRequest_isNotFound() {
    fixture = EmulatorFixture.start(pools());

    assertThatThrownBy(() -> describe("sir-00000000"))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSpotInstanceRequestID.NotFound");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("The spot instance request ID 'sir-00000000' does not exist");
        });
  }

  @Test
  void validUntilPassing_closesAnOpenRequestAsScheduleExpired() {
    fixture = EmulatorFixture.start(pools());

    String id = request(inZone("us-east-1b").andThen(
        r -> r.validUntil(EmulatorFixture.START.plus(Duration.ofMinutes(5))))).spotInstanceRequestId();
    fixture.advance(301);

    assertThat(describe(id)).satisfies(r -> {
      assertThat(r.stateAsString()).isEqualTo("closed");
      assertThat(r.status().code()).isEqualTo("schedule-expired");
    });
  }

  @Test
  void describeSpotInstanceRequests_filtersByStateStatusAndInstance() {
    fixture = EmulatorFixture.start(pools());
    String fulfilled = request(inZone("us-east-1a")).spotInstanceRequestId();
    String starved = request(inZone("us-east-1b")).spotInstanceRequestId();
    fixture.advance(10);
    String instanceId = describe(fulfilled).instanceId();

    assertThat(ids(f -> f.name("state").values("open"))).containsExactly(starved);
    assertThat(ids(f -> f.name("status-code").values("fulfilled"))).containsExactly(fulfilled);
    assertThat(ids(f -> f.name("instance-id").values(instanceId))).containsExactly(fulfilled);
    assertThat(ids(f -> f.name("launched-availability-zone").values("us-east-1a"))).containsExactly(fulfilled);
  }

  private List<String> ids(Consumer<software.amazon.awssdk.services.ec2.model.Filter.Builder> filter) {
    return fixture.ec2.describeSpotInstanceRequests(r -> r.filters(filter)).spotInstanceRequests().stream()
        .map(SpotInstanceRequest::spotInstanceRequestId).toList();
  }

  @Test
  void persistentRequest_reopensAfterAnInterruption() {
    fixture = EmulatorFixture.start(pools());
    String id = request(inZone("us-east-1a").andThen(r -> r.type("persistent"))).spotInstanceRequestId();
    fixture.advance(10);
    String instanceId = describe(id).instanceId();

    fixture.emulator.terminate(instanceId);

    assertThat(describe(id)).satisfies(r -> {
      assertThat(r.stateAsString()).isEqualTo("open");
      assertThat(r.status().code()).isEqualTo("instance-terminated-no-capacity");
    });
  }
}
