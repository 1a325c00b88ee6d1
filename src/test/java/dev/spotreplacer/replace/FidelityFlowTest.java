package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * The replacement is the same machine as the original, never weaker: compared attribute by
 * attribute as DescribeInstances reports both, every difference is one {@link InstanceComparison}
 * lists with its reason.
 */
class FidelityFlowTest {

  static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  /** The usual instance with three security groups and {@code options} (scenario JSON) set at launch. */
  static String withOptions(String options, String type) {
    return Flow.scenario("", THREE_POOLS.replace("m5.large", type))
        .replace("\"instanceType\": \"m5.large\"", "\"instanceType\": \"" + type + "\"")
        .replace("\"securityGroupIds\": [\"sg-0a1\"]", "\"securityGroupIds\": [\"sg-0a1\", \"sg-0a2\", \"sg-0a3\"],"
            + " \"rootKmsKeyId\": \"" + KEY + "\", \"options\": " + options);
  }

  static final String EVERYTHING = """
      {"httpTokens": "required", "httpPutResponseHopLimit": 2, "instanceMetadataTags": "enabled",
       "coreCount": 1, "threadsPerCore": 1, "placementGroup": "web-spread", "hibernation": true,
       "associatePublicIp": true, "secondaryPrivateIpCount": 1, "ipv6AddressCount": 1, "sourceDestCheck": false,
       "volumeTags": {"CostCenter": "4711", "Backup": "daily"}}""";

  private static Instance describe(Flow flow, String id) {
    return flow.ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private static Map<String, String> tags(Iterable<Tag> tags) {
    Map<String, String> map = new java.util.TreeMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  @Test
  void replacement_matchesTheOriginalAttributeByAttribute_exceptWhereListedWithAReason() {
    try (Flow flow = Flow.of(withOptions(EVERYTHING, "m5.large"))) {
      Instance original = describe(flow, OLD);

      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      Instance replacement = describe(flow, result.replacementInstanceId());
      assertThat(InstanceComparison.unexplained(original, replacement)).isEmpty();
      // The comparison saw what matters: these are equal because they were carried, not absent.
      assertThat(replacement.metadataOptions().httpTokensAsString()).isEqualTo("required");
      assertThat(replacement.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
      assertThat(replacement.cpuOptions().threadsPerCore()).isEqualTo(1);
      assertThat(replacement.placement().groupName()).isEqualTo("web-spread");
      assertThat(replacement.hibernationOptions().configured()).isTrue();
      assertThat(replacement.sourceDestCheck()).isFalse();
      assertThat(replacement.publicIpAddress()).isNotNull();
      assertThat(replacement.networkInterfaces().get(0).privateIpAddresses()).hasSize(2);
      assertThat(replacement.networkInterfaces().get(0).ipv6Addresses()).hasSize(1);
      assertThat(replacement.securityGroups()).hasSize(3);
      assertThat(tags(replacement.tags())).containsAllEntriesOf(tags(original.tags()).entrySet().stream()
          .filter(e -> !e.getKey().startsWith("aws:")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
          .containsEntry("spot-replacer:replaces", OLD);
      assertThat(flow.ec2.describeInstanceAttribute(b -> b.instanceId(result.replacementInstanceId())
          .attribute("userData")).userData().value())
          .isEqualTo(flow.ec2.describeInstanceAttribute(b -> b.instanceId(OLD).attribute("userData")).userData().value());
      Volume root = flow.ec2.describeVolumes(b -> b.volumeIds(replacement.blockDeviceMappings().get(0).ebs().volumeId()))
          .volumes().get(0);
      assertThat(root.encrypted()).isTrue();
      assertThat(root.kmsKeyId()).isEqualTo(KEY);
      assertThat(tags(root.tags())).containsEntry("CostCenter", "4711").containsEntry("Backup", "daily");
    }
  }

  @Test
  void optionsRequestSpotInstancesCannotCarry_launchThroughRunInstances_sayingWhy() {
    try (Flow flow = Flow.of(withOptions(EVERYTHING, "m5.large"))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.launchStrategy()).isEqualTo("run-instances");
      assertThat(result.lifecycle()).isEqualTo("spot");
      assertThat(result.launchStrategyReason()).isEqualTo("RequestSpotInstances cannot carry: metadata options"
          + " (HttpTokens required, hop limit 2, tags in metadata), CPU options (1 cores, 1 thread per core),"
          + " hibernation, volume tags");
      assertThat(result.apiCalls()).containsEntry("RunInstances", 1L).doesNotContainKey("RequestSpotInstances")
          .containsKey("ModifyInstanceAttribute"); // retried while the new id is not yet known
    }
  }

  @Test
  void imdsv2Required_alone_isReasonEnoughForRunInstances() {
    try (Flow flow = Flow.of(withOptions("{\"httpTokens\": \"required\", \"httpPutResponseHopLimit\": 2}",
        "m5.large"))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.launchStrategyReason()).isEqualTo("RequestSpotInstances cannot carry: metadata options"
          + " (HttpTokens required, hop limit 2)");
      Instance replacement = describe(flow, result.replacementInstanceId());
      assertThat(replacement.metadataOptions().httpTokensAsString()).isEqualTo("required");
      // The plan is captured before RunInstances, whichever strategy launches.
      assertThat(result.apiCalls()).containsEntry("CreateLaunchTemplate", 1L).containsEntry("RunInstances", 1L);
      assertThat(result.poolsTried()).extracting(PoolTried::verdict).containsExactly("chosen");
    }
  }

  @Test
  void runInstancesPath_redeliveredBeforeEc2ShowsTheFirstLaunch_getsTheSameInstanceByClientToken() {
    try (Flow flow = Flow.of(withOptions("{\"httpTokens\": \"required\"}", "m5.large"))) {
      // Ends while the replacement boots; the re-delivery comes at once, before EC2 lists the new
      // instance (eventual consistency), so only the client token can keep it from a second launch.
      Result first = flow.replace(Settings.defaults(), warning(OLD), java.time.Duration.ofSeconds(1));
      Result second = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(first.reason().wireName()).isEqualTo("instance-not-running-yet");
      assertThat(first.state()).isEqualTo("pending");
      assertThat(second.outcome()).as("%s: %s", second.reason(), second.message()).isEqualTo(Outcome.REPLACED);
      assertThat(second.replacementInstanceId()).isEqualTo(first.replacementInstanceId());
      assertThat(flow.emulator.instances()).filteredOn(i -> !i.instanceId().equals(OLD)).hasSize(1);
    }
  }

  @Test
  void replacementThatDiesWhileBooting_failsNamingItsState() {
    try (Flow flow = Flow.of(withOptions("{\"httpTokens\": \"required\"}", "m5.large"))) {
      // EC2 takes the new instance back before it runs (capacity reclaimed at once, say).
      dev.spotreplacer.time.Sleeper reclaiming = duration -> {
        flow.emulator.instances().stream()
            .filter(i -> !i.instanceId().equals(OLD) && i.state().equals("pending"))
            .forEach(i -> flow.emulator.terminate(i.instanceId()));
        flow.clock.sleep(duration);
      };
      Replacer replacer = new Replacer(flow.ec2, Settings.defaults(), flow.clock, reclaiming,
          () -> new java.util.SplittableRandom(7), flow.progress::add);

      Result result = replacer.replace(Flow.notice(warning(OLD)), flow.clock.instant().plusSeconds(300));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).startsWith("replacement-").isEqualTo("replacement-" + result.state());
      assertThat(result.message()).contains(" went " + result.state() + " before running");
    }
  }

  @Test
  void imdsv2Required_inDryRun_saysEc2WouldAcceptTheRunInstances_andLaunchesNothing() {
    try (Flow flow = Flow.of(withOptions("{\"httpTokens\": \"required\", \"httpPutResponseHopLimit\": 2}",
        "m5.large"))) {
      Result result = flow.replace(Flow.allSubnets().withDryRun(true), warning(OLD));

      assertThat(result.outcome()).as("%s: %s", result.reason(), result.message()).isEqualTo(Outcome.DRY_RUN);
      assertThat(result.message()).startsWith("EC2 would accept a spot RunInstances for ")
          .contains("RequestSpotInstances cannot carry: metadata options");
      assertThat(result.poolsTried()).extracting(PoolTried::verdict).containsExactly("chosen", "not-tried", "not-tried");
      assertThat(flow.emulator.instances()).hasSize(1);
      assertThat(flow.ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
    }
  }

  @Test
  void whatRequestSpotInstancesCanCarry_staysOnRequestSpotInstances_andStillMatches() {
    String expressible = """
        {"placementGroup": "web-spread", "associatePublicIp": true, "secondaryPrivateIpCount": 2,
         "ipv6AddressCount": 1, "sourceDestCheck": false}""";
    try (Flow flow = Flow.of(withOptions(expressible, "m5.large"))) {
      Instance original = describe(flow, OLD);

      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.launchStrategy()).isEqualTo("spot-request");
      assertThat(result.launchStrategyReason()).isNull();
      Instance replacement = describe(flow, result.replacementInstanceId());
      assertThat(InstanceComparison.unexplained(original, replacement)).isEmpty();
      assertThat(replacement.publicIpAddress()).isNotNull();
      assertThat(replacement.sourceDestCheck()).isFalse();
    }
  }

  @Test
  void burstableCredits_areCarried_whenTheyDifferFromTheTypesDefault() {
    try (Flow flow = Flow.of(withOptions("{\"creditSpecification\": \"standard\"}", "t3.large"))) {
      Result result = flow.replace(Settings.defaults(), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.launchStrategyReason()).isEqualTo("RequestSpotInstances cannot carry: credit specification"
          + " standard");
      assertThat(flow.ec2.describeInstanceCreditSpecifications(b -> b.instanceIds(result.replacementInstanceId()))
          .instanceCreditSpecifications().get(0).cpuCredits()).isEqualTo("standard");
    }
  }

  @Test
  void fleetStrategy_carriesTheSameOptionsThroughItsLaunchTemplate() {
    try (Flow flow = Flow.of(withOptions(EVERYTHING, "m5.large"))) {
      Instance original = describe(flow, OLD);
      Settings fleet = Settings.defaults().withPools(PoolSettings.fromEnvironment(Map.of("LAUNCH_STRATEGY", "fleet")));

      Result result = flow.replace(fleet, warning(OLD));

      assertThat(result.launchStrategy()).isEqualTo("fleet");
      Instance replacement = describe(flow, result.replacementInstanceId());
      assertThat(InstanceComparison.unexplained(original, replacement)).isEmpty();
    }
  }

  @Test
  void runInstancesPath_poolWithoutCapacity_isRefusedAtOnce_andTheNextPoolTaken() {
    String noRoomInB = withOptions("{\"httpTokens\": \"required\"}", "m5.large")
        .replace("\"0.0310\", \"capacity\": 10", "\"0.0310\", \"capacity\": 0");
    try (Flow flow = Flow.of(noRoomInB)) {
      // Ranked by price alone (placement scores would already rank the empty pool down).
      Settings byPrice = Flow.allSubnets().withPools(PoolSettings.fromEnvironment(Map.of("PLACEMENT_SCORES", "false")));
      Result result = flow.replace(byPrice, warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.launchStrategy()).isEqualTo("run-instances");
      assertThat(result.availabilityZone()).isEqualTo("us-east-1c");
      assertThat(result.poolsTried()).extracting(PoolTried::availabilityZone, PoolTried::verdict, PoolTried::why)
          .startsWith(org.assertj.core.groups.Tuple.tuple("us-east-1b", "rejected", "InsufficientInstanceCapacity"),
              org.assertj.core.groups.Tuple.tuple("us-east-1c", "chosen", null));
      assertThat(result.apiCalls()).containsEntry("RunInstances", 2L).doesNotContainKey("CreateTags");
    }
  }

  @Test
  void comparison_catchesAWeakerReplacement() {
    // The test's own guard: a replacement with IMDSv1 allowed is a difference no reason explains.
    Instance original = Instance.builder().instanceId("i-1").metadataOptions(m -> m.httpTokens("required")).build();
    Instance weaker = Instance.builder().instanceId("i-2").metadataOptions(m -> m.httpTokens("optional")).build();

    assertThat(InstanceComparison.unexplained(original, weaker))
        .containsOnlyKeys("MetadataOptions.HttpTokens");
  }
}
