package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SpotPlacementScore;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

// The SDK's Consumer<Builder>... overloads make javac warn about generic varargs at each call.
@SuppressWarnings("unchecked")
class FleetAndCatalogTest {

  private EmulatorFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** m5.large in a (room for 10) and b (none), m5a.large in b; RequestSpotInstances denied. */
  private static Scenario scenario() {
    return Scenario.fromJson("""
        {"region": "us-east-1",
         "subnets": [{"subnetId": "subnet-0a1", "availabilityZone": "us-east-1a"},
                     {"subnetId": "subnet-0b1", "availabilityZone": "us-east-1b"}],
         "instances": [],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.04", "capacity": 10},
                   {"instanceType": "m5.large", "availabilityZone": "us-east-1b", "price": "0.03", "capacity": 0},
                   {"instanceType": "m5a.large", "availabilityZone": "us-east-1b", "price": "0.02", "capacity": 1}],
         "deny": ["RequestSpotInstances"]}
        """);
  }

  @Test
  void describeInstanceTypes_filtersByArchitectureAndVcpus() {
    fixture = EmulatorFixture.start(scenario());

    List<InstanceTypeInfo> types = fixture.ec2.describeInstanceTypesPaginator(b -> b.filters(
            Filter.builder().name("processor-info.supported-architecture").values("arm64").build(),
            Filter.builder().name("vcpu-info.default-vcpus").values("2").build()))
        .instanceTypes().stream().toList();

    assertThat(types).extracting(InstanceTypeInfo::instanceTypeAsString)
        .containsExactly("m6g.large", "m7g.large", "c6g.large");
    assertThat(types.get(0).memoryInfo().sizeInMiB()).isEqualTo(8192L);
  }

  @Test
  void describeInstanceTypes_reportsGpus_andRejectsUnknownTypes() {
    fixture = EmulatorFixture.start(scenario());

    InstanceTypeInfo gpu = fixture.ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings("g4dn.xlarge"))
        .instanceTypes().get(0);

    assertThat(gpu.gpuInfo().gpus().get(0).count()).isEqualTo(1);
    assertThatThrownBy(() -> fixture.ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings("x9.huge")))
        .isInstanceOfSatisfying(Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceType"));
  }

  @Test
  void offerings_followTheScenarioPools() {
    fixture = EmulatorFixture.start(scenario());

    var offerings = fixture.ec2.describeInstanceTypeOfferings(b -> b.locationType(LocationType.AVAILABILITY_ZONE)
        .filters(Filter.builder().name("instance-type").values("m5a.large").build())).instanceTypeOfferings();

    assertThat(offerings).extracting(o -> o.location()).containsExactly("us-east-1b");
  }

  @Test
  void placementScores_followFreeCapacityPerZone() {
    fixture = EmulatorFixture.start(scenario());

    List<SpotPlacementScore> scores = fixture.ec2.getSpotPlacementScores(b -> b.instanceTypes("m5.large")
        .targetCapacity(1).singleAvailabilityZone(true)).spotPlacementScores();

    assertThat(scores).extracting(SpotPlacementScore::availabilityZoneId, SpotPlacementScore::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("use1-az1", 10),
            org.assertj.core.groups.Tuple.tuple("use1-az2", 1));
  }

  @Test
  void deniedAction_answersUnauthorizedOperation() {
    fixture = EmulatorFixture.start(scenario());

    assertThatThrownBy(() -> fixture.ec2.requestSpotInstances(b -> b.instanceCount(1)
            .launchSpecification(s -> s.imageId("ami-1").instanceType("m5.large"))))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
          assertThat(e.statusCode()).isEqualTo(403);
        });
    assertThat(fixture.emulator.spotRequests()).isEmpty();
  }

  private CreateFleetRequest fleet(String token) {
    return CreateFleetRequest.builder()
        .type("instant")
        .clientToken(token)
        .spotOptions(o -> o.allocationStrategy("price-capacity-optimized"))
        .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType("spot"))
        .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
            .launchTemplateSpecification(s -> s.launchTemplateName("lt-test").version("$Latest"))
            .overrides(
                FleetLaunchTemplateOverridesRequest.builder().instanceType("m5.large").subnetId("subnet-0a1").build(),
                FleetLaunchTemplateOverridesRequest.builder().instanceType("m5.large").subnetId("subnet-0b1").build(),
                FleetLaunchTemplateOverridesRequest.builder().instanceType("m5a.large").subnetId("subnet-0b1").build())
            .build())
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("spot-replacer:replaces").value("i-0123456789abcdef0").build()).build())
        .build();
  }

  @Test
  void createFleet_priceCapacityOptimized_prefersRoomOverTheCheapestNearlyFullPool_andIsIdempotent() {
    fixture = EmulatorFixture.start(scenario());
    fixture.ec2.createLaunchTemplate(b -> b.launchTemplateName("lt-test")
        .launchTemplateData(d -> d.imageId("ami-0a1").securityGroupIds("sg-1")));

    CreateFleetResponse first = fixture.ec2.createFleet(fleet("token-1"));
    CreateFleetResponse again = fixture.ec2.createFleet(fleet("token-1"));

    String id = first.instances().get(0).instanceIds().get(0);
    assertThat(again.instances().get(0).instanceIds()).containsExactly(id);
    SimInstance instance = fixture.emulator.instance(id).orElseThrow();
    // m5a.large in b is cheapest but has 1 free slot against 10 in a: capacity first, then price.
    assertThat(instance.instanceType()).isEqualTo("m5.large");
    assertThat(instance.availabilityZone()).isEqualTo("us-east-1a");
    assertThat(instance.lifecycle()).isEqualTo("spot");
    assertThat(instance.tags()).containsEntry("spot-replacer:replaces", "i-0123456789abcdef0")
        .containsKey("aws:ec2:fleet-id");
    assertThat(fixture.emulator.instances()).hasSize(1);
  }

  @Test
  void createFleet_withoutCapacity_reportsAnErrorPerPool_andLaunchesNothing() {
    fixture = EmulatorFixture.start(scenario());
    fixture.ec2.createLaunchTemplate(b -> b.launchTemplateName("lt-test").launchTemplateData(d -> d.imageId("ami-0a1")));
    CreateFleetRequest onlyB = fleet("token-2").toBuilder()
        .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
            .launchTemplateSpecification(s -> s.launchTemplateName("lt-test").version("$Latest"))
            .overrides(FleetLaunchTemplateOverridesRequest.builder().instanceType("m5.large").subnetId("subnet-0b1").build(),
                FleetLaunchTemplateOverridesRequest.builder().instanceType("m5a.large").subnetId("subnet-0b1")
                    .maxPrice("0.01").build())
            .build())
        .build();

    CreateFleetResponse response = fixture.ec2.createFleet(onlyB);

    assertThat(response.instances()).isEmpty();
    assertThat(response.errors()).extracting(e -> e.errorCode())
        .containsExactly("InsufficientInstanceCapacity", "SpotMaxPriceTooLow");
    assertThat(fixture.emulator.instances()).isEmpty();
  }

  @Test
  void deleteLaunchTemplate_thenUsingItIsNotFound() {
    fixture = EmulatorFixture.start(scenario());
    fixture.ec2.createLaunchTemplate(b -> b.launchTemplateName("lt-test").launchTemplateData(d -> d.imageId("ami-0a1")));
    fixture.ec2.deleteLaunchTemplate(b -> b.launchTemplateName("lt-test"));

    assertThatThrownBy(() -> fixture.ec2.createFleet(fleet("token-3")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("InvalidLaunchTemplateName.NotFoundException"));
  }

  @Test
  void runInstances_launchesOnDemand_taggedAtLaunch_andIsIdempotent() {
    fixture = EmulatorFixture.start(scenario());

    RunInstancesResponse first = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large")
        .subnetId("subnet-0b1").minCount(1).maxCount(1).clientToken("od-1")
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("Name").value("web").build()).build()));
    RunInstancesResponse again = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large")
        .subnetId("subnet-0b1").minCount(1).maxCount(1).clientToken("od-1")
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("Name").value("web").build()).build()));

    String id = first.instances().get(0).instanceId();
    assertThat(again.instances().get(0).instanceId()).isEqualTo(id);
    SimInstance instance = fixture.emulator.instance(id).orElseThrow();
    assertThat(instance.lifecycle()).isEqualTo("on-demand");
    assertThat(instance.availabilityZone()).isEqualTo("us-east-1b");
    assertThat(instance.tags()).containsEntry("Name", "web");
    assertThat(fixture.emulator.instances()).hasSize(1);
  }

  @Test
  void scenario_denyMustListActionNames() {
    assertThatThrownBy(() -> Scenario.fromJson("{\"region\": \"us-east-1\", \"instances\": [], \"pools\": [],"
        + " \"deny\": [1]}"))
        .hasMessage("deny[0] must be an EC2 action name such as RequestSpotInstances");
  }
}
