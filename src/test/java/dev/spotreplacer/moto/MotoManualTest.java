package dev.spotreplacer.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.cli.LocalContext;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.lambda.Handler;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.lambda.Routing;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * The hand-run tasks (events/manual-*.json) through the function's handler against moto's EC2: the
 * samples as shipped, with only the ids of the launch spec and the request to cancel filled in
 * from moto. Not covered here: {@code cancel --terminate} (the CLI's, with the user's credentials;
 * an event may not terminate), because moto 5.2 forgets a cancelled request at once, so the
 * instance it launched cannot be read back after the cancel (EC2 lists cancelled requests for four
 * hours; see docs/emulator.md).
 */
@Tag("moto")
@EnabledIfSystemProperty(named = "moto", matches = "true")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MotoManualTest {

  /** The samples' region. */
  private static final Region REGION = Region.US_EAST_2;
  private static MotoServer moto;
  private static Ec2Client ec2;
  private static String subnet;
  private static String group;
  private static String image;

  private final VirtualClock clock = new VirtualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final Handler handler = new Handler(new Handler.Wiring(Settings.defaults(), clock, new Routing() {
    @Override
    public Replacer replacerFor(Notice notice, Context context) {
      throw new AssertionError("a manual event reached the replacer: " + notice);
    }

    @Override
    public Optional<Ec2Client> homeEc2() {
      return Optional.of(ec2);
    }
  }));

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    ec2 = Clients.ec2(new Clients.Target(REGION,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMOTO", "moto")), Optional.of(moto.endpoint())));
    // What the launch sample names: a subnet in us-east-2b, a security group, the key pair "ops".
    String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-2b"))
        .subnet().subnetId();
    group = ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("manual").description("manual")).groupId();
    ec2.createKeyPair(b -> b.keyName("ops"));
    image = ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("amzn2-ami-hvm-*")))
        .images().stream().filter(i -> i.platformAsString() == null).findFirst().orElseThrow().imageId();
  }

  @AfterAll
  static void stopMoto() {
    ec2.close();
    moto.close();
  }

  /** Runs a sample through the handler, as the function gets it, with {@code fill} applied to its text. */
  private JsonNode invoke(String sample, Map<String, String> fill) throws IOException {
    String event = Files.readString(Path.of("events", sample));
    for (Map.Entry<String, String> e : fill.entrySet()) {
      assertThat(event).as("%s names %s", sample, e.getKey()).contains(e.getKey());
      event = event.replace(e.getKey(), e.getValue());
    }
    var output = new ByteArrayOutputStream();
    var log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
        new LocalContext(clock, 300, log));
    return Json.mapper().readTree(output.toByteArray());
  }

  /** The launch sample with moto's image, subnet and group in place of the sample's. */
  private JsonNode launch(boolean dryRun) throws IOException {
    return invoke("manual-launch.json", Map.of("ami-0123456789abcdef0", image, "subnet-0bbbbbbbbbbbbbbbb", subnet,
        "sg-0123456789abcdef0", group, "\"dry-run\": false", "\"dry-run\": " + dryRun));
  }

  private static Instance instance(String instanceId) {
    return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
  }

  private static List<SpotInstanceRequest> requests() {
    return ec2.describeSpotInstanceRequests(b -> { }).spotInstanceRequests();
  }

  @Test
  void pricesSample_answersOnePricePerTypeAndZone_cheapestFirst_asEc2PricesThem() throws IOException {
    JsonNode rows = invoke("manual-prices.json", Map.of());

    Map<String, String> moto = new HashMap<>();
    for (SpotPrice p : ec2.describeSpotPriceHistory(b -> b.instanceTypesWithStrings("m5.large", "m6i.large")
        .productDescriptions("Linux/UNIX").startTime(clock.instant())).spotPriceHistory()) {
      moto.put(p.instanceTypeAsString() + " " + p.availabilityZone(), p.spotPrice());
    }
    List<String> pools = new ArrayList<>();
    List<BigDecimal> prices = new ArrayList<>();
    rows.forEach(r -> {
      String pool = r.path("instanceType").asText() + " " + r.path("availabilityZone").asText();
      pools.add(pool);
      prices.add(new BigDecimal(r.path("price").asText()));
      assertThat(r.path("price").asText()).as(pool).isEqualTo(moto.get(pool));
      assertThat(r.path("since").asText()).as(pool).isNotBlank();
    });
    // Every pool moto prices, each once: both types, all in the sample's region.
    assertThat(pools).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(moto.keySet())
        .anyMatch(p -> p.startsWith("m5.large ")).anyMatch(p -> p.startsWith("m6i.large "))
        .allMatch(p -> p.contains(" us-east-2"));
    assertThat(prices).isSortedAccordingTo(Comparator.naturalOrder());
  }

  @Test
  void launchSample_requestsAOneTimeSpotInstanceWithTheEventsSpec_andWatchesItToRunning() throws IOException {
    JsonNode result = launch(false);

    assertThat(result.path("outcome").asText()).as(result.toString()).isEqualTo("running");
    assertThat(result.path("statusCode").asText()).isEqualTo("fulfilled");
    String requestId = result.path("spotRequestId").asText();
    Instance launched = instance(result.path("instanceId").asText());
    assertThat(launched.state().nameAsString()).isEqualTo("running");
    assertThat(launched.instanceLifecycleAsString()).isEqualTo("spot");
    assertThat(launched.instanceTypeAsString()).isEqualTo("m5.large");
    assertThat(launched.imageId()).isEqualTo(image);
    assertThat(launched.subnetId()).isEqualTo(subnet);
    assertThat(launched.keyName()).isEqualTo("ops");
    // Not checked: the security group. moto 5.2 reads only LaunchSpecification.SecurityGroups (names)
    // and puts the instance in the default group; EC2 takes the sample's group ids (SecurityGroupId.N).
    SpotInstanceRequest request = ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(requestId))
        .spotInstanceRequests().get(0);
    assertThat(request.typeAsString()).isEqualTo("one-time");
    assertThat(request.instanceId()).isEqualTo(launched.instanceId());
    // The sample's max-price, sent as SpotPrice.
    assertThat(new BigDecimal(request.spotPrice())).isEqualByComparingTo("0.05");
  }

  @Test
  void launchSample_dryRun_answersDryRunOk_andLaunchesNothing() throws IOException {
    int before = requests().size();

    JsonNode result = launch(true);

    assertThat(result.toString()).isEqualTo("{\"outcome\":\"dry-run-ok\",\"message\":\"EC2 would accept this"
        + " one-time spot request; nothing was launched\"}");
    assertThat(requests()).hasSize(before);
  }

  @Test
  void requestsSample_listsALaunchedRequest_withItsStateStatusTypeAndInstance() throws IOException {
    JsonNode launched = launch(false);

    JsonNode rows = invoke("manual-requests.json", Map.of());

    List<JsonNode> mine = new ArrayList<>();
    rows.forEach(r -> {
      if (r.path("spotRequestId").asText().equals(launched.path("spotRequestId").asText())) {
        mine.add(r);
      }
    });
    assertThat(mine).singleElement().satisfies(r -> {
      assertThat(r.path("state").asText()).isEqualTo("active");
      assertThat(r.path("statusCode").asText()).isEqualTo("fulfilled");
      assertThat(r.path("instanceId").asText()).isEqualTo(launched.path("instanceId").asText());
      assertThat(r.path("instanceType").asText()).isEqualTo("m5.large");
      assertThat(r.path("createTime").asText()).isNotBlank();
    });
  }

  @Test
  void cancelSample_cancelsTheRequest_andLeavesItsInstanceRunning() throws IOException {
    JsonNode launched = launch(false);
    String requestId = launched.path("spotRequestId").asText();

    JsonNode result = invoke("manual-cancel.json", Map.of("sir-ab7c456f", requestId));

    assertThat(result.path("spotRequestId").asText()).isEqualTo(requestId);
    assertThat(result.path("state").asText()).isEqualTo("cancelled");
    // Cancelling never ends the instance (and the function may not terminate one).
    assertThat(result.has("instanceState")).isFalse();
    assertThat(instance(launched.path("instanceId").asText()).state().nameAsString()).isEqualTo("running");
    // No longer open or active (EC2 lists it cancelled for four hours; moto forgets it at once).
    assertThat(requests()).filteredOn(r -> r.spotInstanceRequestId().equals(requestId))
        .allSatisfy(r -> assertThat(r.stateAsString()).isEqualTo("cancelled"));
  }
}
