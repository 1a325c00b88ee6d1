package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

  @Test
  void minimalJson_getsDefaults() {
    Scenario scenario = Scenario.fromJson("""
        {"region": "us-east-2",
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large",
                        "availabilityZone": "us-east-2a"}],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-2b", "price": "0.03"}]}
        """);

    Scenario.InstanceSpec instance = scenario.instances().get(0);
    assertThat(instance.lifecycle()).isEqualTo("spot");
    assertThat(instance.state()).isEqualTo("running");
    assertThat(instance.subnetId()).isEqualTo("subnet-0aaaaaaaaaaaaaaaa");
    assertThat(instance.imageId()).startsWith("ami-");
    assertThat(instance.platform()).isEqualTo("Linux/UNIX");
    assertThat(instance.spotRequestType()).isEqualTo("one-time");
    assertThat(instance.tags()).isEmpty();
    assertThat(scenario.pools().get(0).capacity()).isEqualTo(10);
    assertThat(scenario.pools().get(0).failWith()).isNull();
    assertThat(scenario.timing()).isEqualTo(new Scenario.Timing(1, 3, 40));
    assertThat(scenario.seed()).isEqualTo(1);
    assertThat(scenario.subnetZones()).containsEntry("subnet-0aaaaaaaaaaaaaaaa", "us-east-2a");
  }

  @Test
  void subnets_areTheUnionOfTheListAndTheInstancesSubnets() {
    Scenario scenario = Scenario.fromJson("""
        {"region": "us-east-1",
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large",
                        "availabilityZone": "us-east-1a", "subnetId": "subnet-0a1"}],
         "subnets": [{"subnetId": "subnet-0b1", "availabilityZone": "us-east-1b"}]}
        """);

    assertThat(scenario.subnetZones()).containsOnlyKeys("subnet-0a1", "subnet-0b1");
  }

  @Test
  void missingInstanceType_isNamedWithItsPath() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-1", "instances": [{"instanceId": "i-0123456789abcdef0", "availabilityZone": "us-east-1a"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instances[0].instanceType is required");
  }

  @Test
  void badPrice_isNamedWithItsPath() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-1",
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.03"},
                   {"instanceType": "m5.large", "availabilityZone": "us-east-1b", "price": "cheap"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pools[1].price 'cheap' is not a decimal number");
  }

  @Test
  void unknownField_isRejectedToCatchTypos() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-1", "timing": {"evaluateSecs": 1}}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("timing.evaluateSecs is not a known field");
  }

  @Test
  void unknownFailWithCode_isRejected() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-1",
         "pools": [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.03", "failWith": "nope"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pools[0].failWith 'nope' is not a spot status code");
  }

  @Test
  void zoneOutsideTheRegion_isRejected() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-1",
         "instances": [{"instanceId": "i-0123456789abcdef0", "instanceType": "m5.large", "availabilityZone": "eu-west-1a"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instances[0].availabilityZone 'eu-west-1a' is not a zone of region us-east-1");
  }

  @Test
  void invalidJson_saysSo() {
    assertThatThrownBy(() -> Scenario.fromJson("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scenario is not valid JSON");
  }

  @Test
  void load_putsTheFileNameInTheMessage(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"region\": \"us-east-1\", \"seed\": \"seven\"}");

    assertThatThrownBy(() -> Scenario.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": seed must be a whole number");
  }

  @Test
  void load_readsAValidFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("ok.json");
    Files.writeString(file, "{\"region\": \"ap-southeast-2\", \"seed\": 42}");

    assertThat(Scenario.load(file)).satisfies(s -> {
      assertThat(s.region()).isEqualTo("ap-southeast-2");
      assertThat(s.seed()).isEqualTo(42);
    });
  }

  @Test
  void defaultFor_optsTheInstanceInAndPricesItsZoneAboveTheCheapest() {
    Scenario scenario = Scenario.defaultFor("i-0123456789abcdef0", "eu-central-1");

    Scenario.InstanceSpec instance = scenario.instances().get(0);
    assertThat(instance.instanceType()).isEqualTo("m5.large");
    assertThat(instance.availabilityZone()).isEqualTo("eu-central-1a");
    assertThat(instance.lifecycle()).isEqualTo("spot");
    assertThat(instance.state()).isEqualTo("running");
    assertThat(instance.tags()).containsEntry("spot-replacer:enabled", "true");
    assertThat(scenario.pools()).extracting(Scenario.PoolSpec::availabilityZone)
        .containsExactly("eu-central-1a", "eu-central-1b", "eu-central-1c");
    assertThat(scenario.pools()).extracting(p -> new BigDecimal(p.price())).doesNotHaveDuplicates();
    Scenario.PoolSpec cheapest = scenario.pools().stream()
        .min(Comparator.comparing(p -> new BigDecimal(p.price()))).orElseThrow();
    assertThat(cheapest.availabilityZone()).isNotEqualTo("eu-central-1a");
    assertThat(scenario.pools()).allSatisfy(p -> assertThat(p.capacity()).isPositive());
    assertThat(scenario.subnetZones().values()).containsExactlyInAnyOrderElementsOf(
        List.of("eu-central-1a", "eu-central-1b", "eu-central-1c"));
  }
}
