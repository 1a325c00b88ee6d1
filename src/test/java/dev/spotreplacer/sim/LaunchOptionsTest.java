package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.MarketType;

/** The emulator launches with, and reports, what each launch call asked for: no fixed IMDS answer. */
class LaunchOptionsTest {

  /** New ids visible at once: these tests read launch options back; eventual consistency is EmulatorTruthsTest's. */
  private static Scenario scenario() {
    return Scenario.fromJson("""
        {"region": "us-east-1", "timing": {"staleSeconds": 0},
         "subnets": [{"subnetId": "subnet-0a1", "availabilityZone": "us-east-1a"}],
         "instances": [],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.04", "capacity": 1}]}
        """);
  }

  private static Instance describe(EmulatorFixture fixture, String id) {
    return fixture.ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private static String code(Throwable e) {
    return ((Ec2Exception) e).awsErrorDetails().errorCode();
  }

  @Test
  void runInstances_withoutMetadataOptions_allowsImdsV1_asEc2Does() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      String id = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large").subnetId("subnet-0a1")
          .minCount(1).maxCount(1)).instances().get(0).instanceId();

      assertThat(describe(fixture, id).metadataOptions().httpTokensAsString()).isEqualTo("optional");
      assertThat(describe(fixture, id).metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
      assertThat(describe(fixture, id).sourceDestCheck()).isTrue();
    }
  }

  @Test
  void runInstancesSpot_takesPoolCapacity_andRefusesAtOnceWhenNoneIsLeft() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      String id = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large").subnetId("subnet-0a1")
          .minCount(1).maxCount(1).metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2))
          .instanceMarketOptions(m -> m.marketType(MarketType.SPOT))).instances().get(0).instanceId();

      assertThat(describe(fixture, id).instanceLifecycleAsString()).isEqualTo("spot");
      assertThat(describe(fixture, id).metadataOptions().httpTokensAsString()).isEqualTo("required");
      assertThat(describe(fixture, id).metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
      assertThatThrownBy(() -> fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large")
          .subnetId("subnet-0a1").minCount(1).maxCount(1).instanceMarketOptions(m -> m.marketType(MarketType.SPOT))))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InsufficientInstanceCapacity"));
    }
  }

  @Test
  void runInstancesSpot_belowThePrice_isSpotMaxPriceTooLow() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      assertThatThrownBy(() -> fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large")
          .subnetId("subnet-0a1").minCount(1).maxCount(1)
          .instanceMarketOptions(m -> m.marketType(MarketType.SPOT).spotOptions(o -> o.maxPrice("0.01")))))
          .satisfies(e -> assertThat(code(e)).isEqualTo("SpotMaxPriceTooLow"));
    }
  }

  @Test
  void networkInterfaceAndInstanceSubnet_inOneRequest_isRefusedAsEc2Does() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      assertThatThrownBy(() -> fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large")
          .subnetId("subnet-0a1").minCount(1).maxCount(1)
          .networkInterfaces(n -> n.deviceIndex(0).subnetId("subnet-0a1").associatePublicIpAddress(true))))
          .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterCombination"));
    }
  }

  @Test
  void sourceDestCheck_isChangedByModifyInstanceAttribute() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      String id = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large").subnetId("subnet-0a1")
          .minCount(1).maxCount(1)).instances().get(0).instanceId();

      fixture.ec2.modifyInstanceAttribute(b -> b.instanceId(id).sourceDestCheck(v -> v.value(false)));

      assertThat(describe(fixture, id).sourceDestCheck()).isFalse();
      assertThat(fixture.ec2.describeInstanceAttribute(b -> b.instanceId(id).attribute("sourceDestCheck"))
          .sourceDestCheck().value()).isFalse();
    }
  }

  @Test
  void statusChecks_initializeForAMinuteAfterRunning_thenPass() {
    try (EmulatorFixture fixture = EmulatorFixture.start(scenario())) {
      String id = fixture.ec2.runInstances(b -> b.imageId("ami-0a1").instanceType("m5.large").subnetId("subnet-0a1")
          .minCount(1).maxCount(1)).instances().get(0).instanceId();

      fixture.advance(45);
      String early = fixture.ec2.describeInstanceStatus(b -> b.instanceIds(id)).instanceStatuses().get(0)
          .instanceStatus().statusAsString();
      fixture.advance(60);
      String later = fixture.ec2.describeInstanceStatus(b -> b.instanceIds(id)).instanceStatuses().get(0)
          .instanceStatus().statusAsString();

      assertThat(early).isEqualTo("initializing");
      assertThat(later).isEqualTo("ok");
    }
  }
}
