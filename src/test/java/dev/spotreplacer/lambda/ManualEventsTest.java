package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.aws.ClientCache;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The function runs the hand-written events in events/manual-*.json against its own account. */
class ManualEventsTest {

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private Ec2Emulator emulator;
  private Handler handler;

  @BeforeEach
  void start() throws IOException {
    emulator = Ec2Emulator.start(Scenario.defaultFor("i-1234567890abcdef0", "us-east-2"), clock, 0);
    ClientCache clients = new ClientCache(new Clients.Target(Region.US_EAST_2,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint())), ClientCache.memberRoleName(Map.of()));
    Settings settings = Settings.defaults();
    handler = new Handler(new Handler.Wiring(settings, clock, new AccountRouting(clients,
        ec2 -> new Replacer(ec2, settings, clock, clock, () -> new SplittableRandom(1), Progress.silent()))));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private JsonNode invoke(byte[] event) throws IOException {
    var output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), output, new TestContext(clock, 300));
    return Json.mapper().readTree(output.toByteArray());
  }

  private JsonNode invoke(String file) throws IOException {
    return invoke(Files.readAllBytes(Path.of("events", file)));
  }

  @Test
  void pricesSample_answersThePricePerZone_cheapestFirst() throws IOException {
    JsonNode rows = invoke("manual-prices.json");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("availabilityZone").asText()).isEqualTo("us-east-2b");
    assertThat(rows.get(0).path("price").asText()).isEqualTo("0.031000");
  }

  @Test
  void launchSample_runsTheInstance() throws IOException {
    JsonNode result = invoke("manual-launch.json");

    assertThat(result.path("outcome").asText()).isEqualTo("running");
    assertThat(emulator.instance(result.path("instanceId").asText()).orElseThrow().subnetId())
        .isEqualTo("subnet-0bbbbbbbbbbbbbbbb");
  }

  @Test
  void requestsSample_listsTheRequests() throws IOException {
    JsonNode rows = invoke("manual-requests.json");

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("statusCode").asText()).isEqualTo("fulfilled");
  }

  @Test
  void badManualEvent_namesTheDetailField_beforeAnyEc2Call() {
    byte[] event = ("{\"source\":\"spot-replacer.manual\",\"detail-type\":\"Price Spot Pools\","
        + "\"detail\":{\"instance-types\":\"m5.large\"}}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> invoke(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail.instance-types must be an array of strings, e.g. [\"m5.large\"]");
    assertThat(emulator.actions()).isEmpty();
  }

  @Test
  void unknownManualDetailType_listsTheKnownOnes() {
    byte[] event = "{\"source\":\"spot-replacer.manual\",\"detail-type\":\"Reboot\",\"detail\":{}}"
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> invoke(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail-type 'Reboot' is not one of Price Spot Pools, Launch Spot Instance, List Spot Requests,"
            + " Cancel Spot Request (see events/manual-*.json)");
  }

  @Test
  void cancelEventWithTerminate_isRefused_theFunctionNeverTerminates() {
    byte[] event = ("{\"source\":\"spot-replacer.manual\",\"detail-type\":\"Cancel Spot Request\","
        + "\"detail\":{\"request-id\":\"sir-0a1b2c3d\",\"terminate\":true}}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> invoke(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail.terminate cannot be true in an event: the function may not terminate instances; cancel"
            + " here, then run 'cancel --spot-instance-request-ids sir-0a1b2c3d --terminate' with your own credentials");
    assertThat(emulator.actions()).isEmpty();
  }
}
