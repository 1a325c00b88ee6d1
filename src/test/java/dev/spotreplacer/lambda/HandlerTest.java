package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The entry point Lambda calls, fed the sample event files byte for byte. */
class HandlerTest {

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private Ec2Emulator emulator;
  private Ec2Client ec2;
  private Handler handler;

  @BeforeEach
  void start() throws IOException {
    emulator = Ec2Emulator.start(Scenario.defaultFor("i-1234567890abcdef0", "us-east-2"), clock, 0);
    ec2 = Clients.ec2(new Clients.Target(Region.US_EAST_2,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)), Optional.of(emulator.endpoint())));
    Settings settings = Settings.defaults();
    Replacer replacer = new Replacer(ec2, settings, clock, clock, () -> new SplittableRandom(1), Progress.silent());
    handler = new Handler(new Handler.Wiring(replacer, settings, clock));
  }

  @AfterEach
  void stop() {
    ec2.close();
    emulator.close();
  }

  private JsonNode invoke(String eventFile, TestContext context) throws IOException {
    var output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of("events", eventFile))), output, context);
    return Json.mapper().readTree(output.toByteArray());
  }

  @Test
  void sampleWarning_replacesAndReturnsTheResult_loggedAsOneLine() throws IOException {
    TestContext context = new TestContext(clock, 300);

    JsonNode result = invoke("spot-interruption-warning.json", context);

    assertThat(result.path("outcome").asText()).isEqualTo("replaced");
    assertThat(result.path("interruptedInstanceId").asText()).isEqualTo("i-1234567890abcdef0");
    assertThat(result.path("replacementInstanceId").asText()).startsWith("i-");
    assertThat(result.path("eventId").asText()).isEqualTo("12345678-1234-1234-1234-123456789012");
    assertThat(result.path("timings").path("runningMs").asLong()).isPositive();
    assertThat(result.path("apiCalls").path("RequestSpotInstances").asInt()).isEqualTo(1);
    assertThat(context.logged).hasSize(1);
    assertThat(context.logged.get(0)).isEqualTo(result.toString() + "\n");
  }

  @Test
  void shortTimeout_logsPendingThenThrows_soLambdaRetriesTheEvent() {
    TestContext context = new TestContext(clock, 15);

    assertThatThrownBy(() -> invoke("spot-interruption-warning.json", context))
        .isInstanceOf(ReplacementPendingException.class)
        .hasMessageContaining("is pending")
        .hasMessageContaining("sir-");
    assertThat(context.logged).singleElement().asString().contains("\"outcome\":\"pending\"");
  }

  @Test
  void malformedSample_failsNamingTheField_beforeAnyEc2Call() {
    assertThatThrownBy(() -> invoke("malformed-missing-instance-id.json", new TestContext(clock, 300)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("detail.instance-id is missing");
    assertThat(emulator.actions()).isEmpty();
  }

  @Test
  void rebalanceSample_isSkippedWithoutAnyEc2Call() throws IOException {
    JsonNode result = invoke("rebalance-recommendation.json", new TestContext(clock, 300));

    assertThat(result.path("outcome").asText()).isEqualTo("skipped");
    assertThat(result.path("reason").asText()).isEqualTo("notice-not-handled");
    assertThat(emulator.actions()).isEmpty();
  }

  @Test
  void terminatedSample_forAReplacedInstanceWithNothingToHandOver_isSkipped() throws IOException {
    invoke("spot-interruption-warning.json", new TestContext(clock, 300));

    JsonNode result = invoke("instance-terminated.json", new TestContext(clock, 300));

    assertThat(result.path("outcome").asText()).isEqualTo("skipped");
    assertThat(result.path("reason").asText()).isEqualTo("nothing-to-hand-over");
    assertThat(result.path("apiCalls").path("DescribeSpotInstanceRequests").asInt()).isEqualTo(1);
    // The plan was deleted when the handover completed: one lookup finds nothing.
    assertThat(result.path("apiCalls").path("DescribeLaunchTemplates").asInt()).isEqualTo(1);
    assertThat(result.path("apiCalls").size()).isEqualTo(2);
  }

  @Test
  void otherEvent_isSkippedAsNotHandled() throws IOException {
    var output = new ByteArrayOutputStream();
    String s3 = "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}";
    handler.handleRequest(new ByteArrayInputStream(s3.getBytes(StandardCharsets.UTF_8)), output, new TestContext(clock, 300));

    JsonNode result = Json.mapper().readTree(output.toByteArray());
    assertThat(result.path("outcome").asText()).isEqualTo("skipped");
    assertThat(result.path("reason").asText()).isEqualTo("event-not-handled");
    assertThat(emulator.actions()).isEmpty();
  }
}
