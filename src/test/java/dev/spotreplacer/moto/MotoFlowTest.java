package dev.spotreplacer.moto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.HandoverTiming;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.PoolSettings;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.time.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The main flows against moto's EC2 ({@code moto_server}), through the real SDK: the flow must not
 * depend on anything only our emulator does. Run with {@code ./mvnw -Pmoto test}; each test makes
 * its own world (VPC, subnets, the interrupted instance) in the one server. Each test has a time
 * limit: a flow that stops making progress fails instead of holding CI up.
 */
@Tag("moto")
@EnabledIfSystemProperty(named = "moto", matches = "true")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MotoFlowTest {

  private static final Region REGION = Region.US_EAST_1;
  private static final Duration BUDGET = Duration.ofSeconds(150);
  private static MotoServer moto;
  private static Ec2Client ec2;

  /**
   * The function's time. Notices are dated on it, as EventBridge dates them when the function
   * hears of them: the interruption time (notice + 2 min) then falls inside the time limit however
   * long moto took to build the world in wall time. Whole seconds, as EventBridge writes them.
   */
  private final VirtualClock clock = new VirtualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final List<String> progress = new ArrayList<>();

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    ec2 = Clients.ec2(new Clients.Target(REGION,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTO", "moto")), Optional.of(moto.endpoint())));
  }

  @AfterAll
  static void stopMoto() {
    ec2.close();
    moto.close();
  }

  /** One account's worth of what a user has: a VPC with subnets in 1a and 1b and an opted-in spot instance. */
  private record World(String original, String subnetA, String subnetB, String image) {}

  private static World world(String name) {
    String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    int third = Math.abs(name.hashCode() % 100) * 2;
    String subnetA = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0." + third + ".0/24")
        .availabilityZone("us-east-1a")).subnet().subnetId();
    String subnetB = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0." + (third + 1) + ".0/24")
        .availabilityZone("us-east-1b")).subnet().subnetId();
    String group = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName(name).description(name)).groupId();
    String image = linuxImage();
    String original = ec2.runInstances(b -> b.imageId(image).instanceType("m5.large").minCount(1).maxCount(1)
        .subnetId(subnetA).securityGroupIds(group).keyName(null)
        .instanceMarketOptions(m -> m.marketType("spot").spotOptions(s -> s.spotInstanceType("one-time")))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(t -> t.key("spot-replacer:enabled").value("true"), t -> t.key("Name").value(name)).build()))
        .instances().get(0).instanceId();
    return new World(original, subnetA, subnetB, image);
  }

  /** An Amazon Linux image; by name, as listing all of moto's ~1,200 Amazon images takes it a second. */
  static String linuxImage() {
    return ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("amzn2-ami-hvm-*")))
        .images().stream().filter(i -> i.platformAsString() == null).findFirst().orElseThrow().imageId();
  }

  private Result replace(Settings settings, String eventJson) {
    Notice notice = new EventParser().parse(eventJson.getBytes(StandardCharsets.UTF_8));
    Replacer replacer = new Replacer(ec2, settings, clock, clock, () -> new SplittableRandom(7), progress::add);
    // Past the two-minute warning (the Elastic IP moves then: ELASTIC_IP_HANDOVER's default), not much
    // further: each wait is a real call to moto, whose instance never stops by itself.
    return replacer.replace(notice, clock.instant().plus(BUDGET));
  }

  /** moto 5.2 does not implement GetSpotPlacementScores (it answers 500): rank by price only. */
  private static Settings settings(World world) {
    return Settings.defaults().withSubnetIds(List.of(world.subnetA(), world.subnetB()))
        .withPools(PoolSettings.fromEnvironment(Map.of("PLACEMENT_SCORES", "false")));
  }

  private String warning(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"evt-" + instanceId + "\",\"detail-type\":\"EC2 Spot Instance Interruption"
        + " Warning\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"" + clock.instant() + "\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1a:instance/" + instanceId + "\"],"
        + "\"detail\":{\"instance-id\":\"" + instanceId + "\",\"instance-action\":\"terminate\"}}";
  }

  private String terminated(String instanceId) {
    return "{\"version\":\"0\",\"id\":\"evt-term-" + instanceId + "\",\"detail-type\":\"EC2 Instance State-change"
        + " Notification\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"" + clock.instant() + "\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId
        + "\"],\"detail\":{\"instance-id\":\"" + instanceId + "\",\"state\":\"terminated\"}}";
  }

  private static List<Instance> replacementsOf(String original) {
    return ec2.describeInstances(b -> b.filters(f -> f.name("tag:spot-replacer:replaces").values(original),
            f -> f.name("instance-state-name").values("pending", "running")))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
  }

  @Test
  void interruption_launchesOneTaggedReplacement() {
    World world = world("replace");

    Result result = replace(settings(world), warning(world.original()));

    assertThat(result.outcome()).as("%s: %s %s", result.reason(), result.message(), progress)
        .isEqualTo(Outcome.REPLACED);
    assertThat(result.launchStrategy()).isEqualTo("spot-request");
    // The plan was captured in a launch template before the launch, and deleted after the handover.
    assertThat(result.apiCalls()).containsEntry("CreateLaunchTemplate", 1L).containsEntry("DeleteLaunchTemplate", 1L);
    assertThat(ec2.describeLaunchTemplates(b -> b.filters(f -> f.name("launch-template-name")
        .values("spot-replacer-" + world.original()))).launchTemplates()).isEmpty();
    List<Instance> replacements = replacementsOf(world.original());
    assertThat(replacements).singleElement().satisfies(i -> {
      assertThat(i.instanceId()).isEqualTo(result.replacementInstanceId());
      assertThat(i.imageId()).isEqualTo(world.image());
      assertThat(i.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Name=replace"));
    });
  }

  @Test
  void duplicateDelivery_launchesNoSecondReplacement() {
    World world = world("duplicate");

    String event = warning(world.original());

    Result first = replace(settings(world), event);
    Result second = replace(settings(world), event);

    assertThat(first.outcome()).as("%s: %s %s", first.reason(), first.message(), progress)
        .isEqualTo(Outcome.REPLACED);
    assertThat(second.outcome()).as("%s: %s", second.reason(), second.message()).isEqualTo(Outcome.SKIPPED);
    assertThat(second.reason().wireName()).isEqualTo("already-replaced");
    assertThat(replacementsOf(world.original())).hasSize(1);
  }

  @Test
  void requestSpotInstancesDenied_fleetPath_isTaggedAtLaunchAndFoundAgain() {
    World world = world("fleet");
    Settings fleet = settings(world).withPools(PoolSettings.fromEnvironment(Map.of("PLACEMENT_SCORES", "false",
        "LAUNCH_STRATEGY", "fleet")));

    String event = warning(world.original());

    Result first = replace(fleet, event);
    Result again = replace(fleet, event);

    assertThat(first.outcome()).as("%s: %s %s", first.reason(), first.message(), progress)
        .isEqualTo(Outcome.REPLACED);
    assertThat(first.launchStrategy()).isEqualTo("fleet");
    assertThat(again.reason().wireName()).isEqualTo("already-replaced");
    assertThat(replacementsOf(world.original())).singleElement()
        .satisfies(i -> assertThat(i.instanceId()).isEqualTo(first.replacementInstanceId()));
  }

  private static String addressHolder(String allocation) {
    return ec2.describeAddresses(b -> b.allocationIds(allocation)).addresses().get(0).instanceId();
  }

  @Test
  void elasticIpAndVolume_moveToTheReplacement_theVolumeOnceTheOriginalIsTerminated() {
    World world = world("handover");
    String allocation = ec2.allocateAddress(b -> b.domain("vpc")).allocationId();
    ec2.associateAddress(b -> b.allocationId(allocation).instanceId(world.original()));
    String volume = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(10)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
            .tags(t -> t.key("spot-replacer:follow").value("true")).build())).volumeId();
    ec2.attachVolume(b -> b.volumeId(volume).instanceId(world.original()).device("/dev/sdf"));

    // moto never reclaims the original: it serves on, holding the volume, past the interruption time.
    Result first = replace(settings(world), warning(world.original()));

    assertThat(first.outcome()).as("%s: %s %s", first.reason(), first.message(), progress)
        .isEqualTo(Outcome.PENDING);
    assertThat(first.reason().wireName()).isEqualTo("volumes-in-use");
    assertThat(first.volumesPending()).containsExactly(volume);
    String replacement = first.replacementInstanceId();
    // ELASTIC_IP_HANDOVER's default: the address waited for the interruption time, then moved.
    assertThat(progress).contains("the Elastic IP waits until the old instance stops serving (terminated, or the"
        + " interruption time reached)", "moved Elastic IP " + allocation + " to " + replacement);
    assertThat(addressHolder(allocation)).isEqualTo(replacement);
    assertThat(ec2.describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).attachments())
        .singleElement().satisfies(a -> assertThat(a.instanceId()).isEqualTo(world.original()));
    // Polled with backoff until the time limit: a few dozen calls, not one per spin of a loop.
    assertThat(first.apiCalls().get("DescribeInstances") + first.apiCalls().get("DescribeVolumes"))
        .isLessThan(80L);

    // EC2 ends the original at the interruption time; its state-change notice finishes the handover.
    ec2.terminateInstances(b -> b.instanceIds(world.original()));
    Result second = replace(settings(world), terminated(world.original()));

    assertThat(second.outcome()).as("%s: %s %s", second.reason(), second.message(), progress)
        .isEqualTo(Outcome.REPLACED);
    assertThat(second.replacementInstanceId()).isEqualTo(replacement);
    assertThat(second.apiCalls()).containsEntry("AttachVolume", 1L).doesNotContainKey("AssociateAddress")
        .containsEntry("DeleteLaunchTemplate", 1L);
    assertThat(ec2.describeVolumes(b -> b.volumeIds(volume)).volumes().get(0).attachments())
        .singleElement().satisfies(a -> {
          assertThat(a.instanceId()).isEqualTo(replacement);
          assertThat(a.device()).isEqualTo("/dev/sdf");
        });
    assertThat(addressHolder(allocation)).isEqualTo(replacement);
  }

  @Test
  void elasticIp_withReplacementReady_movesOnceMotoReportsTheStatusChecksOk_beforeTheInterruptionTime() {
    World world = world("ready");
    String allocation = ec2.allocateAddress(b -> b.domain("vpc")).allocationId();
    ec2.associateAddress(b -> b.allocationId(allocation).instanceId(world.original()));

    Result result = replace(settings(world).withHandover(HandoverTiming.REPLACEMENT_READY), warning(world.original()));

    assertThat(result.outcome()).as("%s: %s %s", result.reason(), result.message(), progress)
        .isEqualTo(Outcome.REPLACED);
    assertThat(addressHolder(allocation)).isEqualTo(result.replacementInstanceId());
    assertThat(result.apiCalls()).containsKey("DescribeInstanceStatus");
    // moto passes both checks at once: the address moved well before the two minutes were up.
    assertThat(result.timings().totalMs()).isLessThan(120_000L);
  }

  /**
   * Issue "The same machine, never weaker", on an EC2 no one here wrote: an original with IMDSv2
   * required (hop limit 2), three security groups, an instance profile, a public IP and user data
   * comes back with all of them, through RunInstances (a spot request cannot carry the metadata
   * options), and says why in the result.
   */
  @Test
  void faithfulOriginal_imdsV2ThreeGroupsProfilePublicIpUserData_comeBackOnTheReplacement() throws Exception {
    World world = world("faithful");
    String vpc = ec2.describeSubnets(b -> b.subnetIds(world.subnetA())).subnets().get(0).vpcId();
    List<String> groups = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      int k = n;
      groups.add(ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("faithful-" + k).description("web")).groupId());
    }
    String profileArn = instanceProfile("faithful-web");
    String userData = java.util.Base64.getEncoder().encodeToString("#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8));
    String original = ec2.runInstances(b -> b.imageId(world.image()).instanceType("m5.large").minCount(1).maxCount(1)
        .networkInterfaces(n -> n.deviceIndex(0).subnetId(world.subnetA()).groups(groups).associatePublicIpAddress(true))
        .iamInstanceProfile(p -> p.arn(profileArn)).userData(userData)
        .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(2))
        .instanceMarketOptions(m -> m.marketType("spot").spotOptions(o -> o.spotInstanceType("one-time")))
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(t -> t.key("spot-replacer:enabled").value("true"), t -> t.key("Name").value("faithful")).build()))
        .instances().get(0).instanceId();

    Result result = replace(settings(world), warning(original));

    assertThat(result.outcome()).as("%s: %s %s", result.reason(), result.message(), progress)
        .isIn(Outcome.REPLACED, Outcome.PENDING);
    assertThat(result.launchStrategy()).isEqualTo("run-instances");
    assertThat(result.launchStrategyReason()).contains("metadata");
    Instance replacement = ec2.describeInstances(b -> b.instanceIds(result.replacementInstanceId()))
        .reservations().get(0).instances().get(0);
    assertThat(replacement.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(replacement.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
    assertThat(replacement.iamInstanceProfile().arn()).isEqualTo(profileArn);
    // The primary interface's groups (moto lists them there only when the launch named an interface).
    assertThat(replacement.networkInterfaces()).filteredOn(n -> n.attachment().deviceIndex() == 0).singleElement()
        .satisfies(n -> assertThat(n.groups()).extracting(g -> g.groupId()).containsExactlyInAnyOrderElementsOf(groups));
    assertThat(replacement.publicIpAddress()).isNotBlank();
    assertThat(ec2.describeInstanceAttribute(b -> b.instanceId(result.replacementInstanceId()).attribute("userData"))
        .userData().value()).isEqualTo(userData);
  }

  /** IAM's CreateInstanceProfile on moto (the project ships no IAM client): its ARN. */
  private static String instanceProfile(String name) throws Exception {
    String form = "Action=CreateInstanceProfile&Version=2010-05-08&InstanceProfileName=" + name;
    software.amazon.awssdk.http.SdkHttpFullRequest unsigned = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
        .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(moto.endpoint())
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
        .identity(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create("AKIDMOTO", "moto"))
        .request(unsigned).payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam"));
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(moto.endpoint())
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
    signed.request().headers().forEach((header, values) -> {
      if (!header.equalsIgnoreCase("Host") && !header.equalsIgnoreCase("Content-Length")) {
        values.forEach(value -> request.header(header, value));
      }
    });
    String answer = java.net.http.HttpClient.newHttpClient().send(request.build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher arn = java.util.regex.Pattern.compile("<Arn>([^<]+)</Arn>").matcher(answer);
    assertThat(arn.find()).as(answer).isTrue();
    return arn.group(1);
  }
}
