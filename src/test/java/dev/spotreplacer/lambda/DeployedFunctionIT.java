package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spotreplacer.lambda.runtime.LambdaHarness;
import dev.spotreplacer.lambda.runtime.RuntimeApi.Answer;
import dev.spotreplacer.sim.Conditions;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.sim.SignedCall;
import dev.spotreplacer.sim.SimSpotRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deployed zip in AWS's runtime interface client, in its own JVM, under SnapStart's life cycle
 * (checkpoint hooks, credentials rotated, restore hooks), against the emulator, which checks every
 * signature. Events are the samples in events/.
 */
class DeployedFunctionIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTANCE = "i-1234567890abcdef0";
  private static final Path WARNING = Path.of("events/spot-interruption-warning.json");

  /** The sample event's instance, opted in, with three pools; it boots in seconds. */
  private static Scenario world() {
    Scenario plain = Scenario.defaultFor(INSTANCE, "us-east-2");
    return new Scenario(plain.region(), plain.instances(), plain.pools(), new Scenario.Timing(1, 1, 2), plain.seed(),
        plain.subnets());
  }

  /**
   * scenarios/web-with-eip-and-volume.json, booting in seconds: an Elastic IP and a data volume to
   * hand over. The test terminates the original itself, when it wants EC2 to.
   */
  private static Scenario web() {
    Scenario s = Scenario.load(Path.of("scenarios/web-with-eip-and-volume.json"));
    return new Scenario(s.region(), s.instances(), s.pools(), new Scenario.Timing(1, 1, 2), s.seed(), s.subnets(),
        s.volumes(), s.addresses(), null, s.conditions(), s.rules());
  }

  @Test
  void warning_replacesWithTheCredentialsIssuedAfterRestore() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      String afterRestore = lambda.credentials.current().accessKeyId();

      Answer answer = lambda.invoke(WARNING);

      assertThat(answer).isInstanceOf(Answer.Success.class);
      assertThat(JSON.readTree(answer.body()).path("outcome").asText()).isEqualTo("replaced");
      assertThat(lambda.runtimeApi.restores()).isEqualTo(1);
      assertThat(lambda.runtimeApi.initErrors()).isEmpty();
      assertThat(lambda.emulator.signedCalls()).isNotEmpty()
          .extracting(SignedCall::accessKeyId).containsOnly(afterRestore);
      assertThat(lambda.credentials.refused()).isZero();
    }
  }

  @Test
  void priceCap_inARegionTheTableLacks_isPricedThroughThePriceList_onceAfterRestore() throws Exception {
    // us-east-2 is not in the built-in table: the zip's Pricing client, found through
    // AWS_ENDPOINT_URL, asks the emulator (prices derived from its pools) with the restored credentials.
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of("MAX_PRICE_FRACTION", "0.5"))) {
      String afterRestore = lambda.credentials.current().accessKeyId();

      Answer answer = lambda.invoke(WARNING);

      assertThat(answer).isInstanceOf(Answer.Success.class);
      JsonNode result = JSON.readTree(answer.body());
      assertThat(result.path("outcome").asText()).as(result.path("message").asText()).isEqualTo("replaced");
      assertThat(result.at("/priceCap/source").asText()).isEqualTo("MAX_PRICE_FRACTION 0.5 x on-demand 0.105"
          + " for m5.large (AWS Price List API, us-east-2 Linux/UNIX)");
      assertThat(lambda.emulator.signedCalls()).filteredOn(c -> c.service().equals("pricing"))
          .extracting(SignedCall::action, SignedCall::region, SignedCall::accessKeyId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("GetProducts", "us-east-1", afterRestore));
    }
  }

  @Test
  void resultLine_isAJsonLogEventWhoseFieldsLogsInsightsFinds() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      lambda.invoke(WARNING);

      JsonNode record = only(lambda, line -> line.path("record").asText().equals("result"));
      assertThat(record.path("level").asText()).isEqualTo("INFO");
      assertThat(record.path("AWSRequestId").asText()).matches("[0-9a-f-]{36}");
      assertThat(record.path("outcome").asText()).isEqualTo("replaced");
      assertThat(record.path("replacementInstanceId").asText()).startsWith("i-");
      JsonNode metrics = only(lambda, line -> line.has("_aws"));
      assertThat(metrics.path("Replacements").asInt()).isEqualTo(1);
      assertThat(metrics.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
          .isEqualTo(EmfLine.NAMESPACE);
    }
  }

  @Test
  void duplicateDelivery_launchesOneReplacement() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      Answer first = lambda.invoke(WARNING);
      Answer second = lambda.invoke(WARNING);

      assertThat(first).isInstanceOf(Answer.Success.class);
      assertThat(second).isInstanceOf(Answer.Success.class);
      assertThat(JSON.readTree(second.body()).path("reason").asText()).isEqualTo("already-replaced");
      assertThat(replacementRequests(lambda)).hasSize(1);
      assertThat(lambda.emulator.instances()).filteredOn(i -> !i.instanceId().equals(INSTANCE)).hasSize(1);
    }
  }

  @Test
  void rebalanceStateChangeAndManualEvents_areAnsweredWithoutAFunctionError() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      Answer rebalance = lambda.invoke(Path.of("events/rebalance-recommendation.json"));
      Answer terminated = lambda.invoke(Path.of("events/instance-terminated.json"));
      Answer requests = lambda.invoke(Path.of("events/manual-requests.json"));

      assertThat(rebalance).isInstanceOf(Answer.Success.class);
      assertThat(JSON.readTree(rebalance.body()).path("outcome").asText()).isEqualTo("skipped");
      assertThat(terminated).isInstanceOf(Answer.Success.class);
      assertThat(JSON.readTree(terminated.body()).path("outcome").asText()).isEqualTo("skipped");
      assertThat(requests).isInstanceOf(Answer.Success.class);
      assertThat(JSON.readTree(requests.body()).isContainerNode()).as(requests.body()).isTrue();
      assertThat(lambda.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void malformedEvent_isAFunctionErrorNamingTheField_andChangesNothing() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      Answer answer = lambda.invoke(Path.of("events/malformed-missing-instance-id.json"));

      assertThat(answer).isInstanceOfSatisfying(Answer.FunctionError.class, error -> {
        assertThat(error.errorType()).isEqualTo("Runtime.UserException");
        assertThat(error.body()).contains("InvalidEventException").contains("detail.instance-id");
      });
      assertThat(lambda.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void runOutOfTime_isPendingAsAFunctionError_andTheRetryFinishesTheHandover() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(web(), Map.of())) {
      byte[] warning = Files.readAllBytes(WARNING);

      // The data volume is still held by the original: the run ends pending, on purpose a function error.
      Answer first = lambda.invoke(warning, Duration.ofSeconds(14));
      assertThat(first).isInstanceOfSatisfying(Answer.FunctionError.class,
          error -> assertThat(error.body()).contains("ReplacementPendingException").contains("pending"));

      lambda.emulator.terminate(INSTANCE);
      waitUntilTerminated(lambda, INSTANCE);
      Answer retry = lambda.invoke(warning, Duration.ofSeconds(60));

      assertThat(retry).isInstanceOf(Answer.Success.class);
      JsonNode result = JSON.readTree(retry.body());
      assertThat(result.path("outcome").asText()).as(retry.body()).isEqualTo("replaced");
      assertThat(result.path("volumes").get(0).path("volumeId").asText()).isEqualTo("vol-0aaaaaaaaaaaaaaa1");
      assertThat(replacementRequests(lambda)).hasSize(1);
    }
  }

  @Test
  void noCredentials_failsLoudly_throughTheFailuresAlarm() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      lambda.credentials.failFromNowOn();

      Answer answer = lambda.invoke(WARNING);

      assertFailureReachesTheAlarm(lambda, answer, "no-credentials");
    }
  }

  @Test
  void missingPermission_failsLoudly_throughTheFailuresAlarm() throws Exception {
    Scenario denied = world().withConditions(Conditions.NONE.withDeny(Set.of("DescribeInstances")));
    try (LambdaHarness lambda = LambdaHarness.start(denied, Map.of())) {
      Answer answer = lambda.invoke(WARNING);

      assertFailureReachesTheAlarm(lambda, answer, "missing-permission");
      assertThat(lambda.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void fiftyEvents_leaveTheThreadCountFlat() throws Exception {
    try (LambdaHarness lambda = LambdaHarness.start(world(), Map.of())) {
      lambda.invoke(WARNING);
      lambda.invoke(WARNING);
      long before = lambda.threads();

      for (int i = 0; i < 50; i++) {
        assertThat(lambda.invoke(WARNING)).isInstanceOf(Answer.Success.class);
      }

      // One read-ahead pool per container, capped; a pool per invocation grew by about 8 an event.
      assertThat(lambda.threads()).isLessThanOrEqualTo(before + 4);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "spot-request, CreateLaunchTemplate",
      "spot-request, RequestSpotInstances",
      "spot-request, CreateTags",
      "fleet, CreateFleet",
      "on-demand, RunInstances"})
  void processKilledAtABoundary_thenOriginalTerminated_redeliveryLeavesOneWholeReplacement(String path,
      String boundary) throws Exception {
    // On-demand: no spot capacity anywhere, one fleet finds none, and the fallback launches on demand.
    boolean onDemand = path.equals("on-demand");
    Scenario world = onDemand ? withoutSpotCapacity(web()) : web();
    Map<String, String> settings = onDemand ? Map.of("LAUNCH_STRATEGY", "fleet", "ON_DEMAND_FALLBACK", "true")
        : Map.of("LAUNCH_STRATEGY", path);
    try (LambdaHarness lambda = LambdaHarness.start(world, settings)) {
      byte[] warning = Files.readAllBytes(WARNING);
      lambda.runtimeApi.submit(warning, Duration.ofSeconds(300));
      waitFor(() -> lambda.emulator.actionCounts().getOrDefault(boundary, 0L) > 0, boundary);

      lambda.restart();
      lambda.emulator.terminate(INSTANCE);
      waitUntilTerminated(lambda, INSTANCE);
      Answer retry = lambda.invoke(warning, Duration.ofSeconds(120));

      assertThat(retry).as(lambda.stdout().toString()).isInstanceOf(Answer.Success.class);
      JsonNode result = JSON.readTree(retry.body());
      assertThat(result.path("outcome").asText()).as(retry.body()).isEqualTo("replaced");
      String replacement = result.path("replacementInstanceId").asText();
      assertThat(lambda.emulator.instances()).as("no orphan: one live instance besides the original")
          .filteredOn(i -> !i.instanceId().equals(INSTANCE) && !i.state().equals("terminated")
              && !i.state().equals("shutting-down"))
          .extracting(i -> i.instanceId()).containsExactly(replacement);
      assertThat(lambda.emulator.instance(replacement).orElseThrow().tags())
          .containsEntry("spot-replacer:replaces", INSTANCE);
      assertThat(lambda.emulator.address("eipalloc-0123456789abcdef0").orElseThrow().instanceId())
          .isEqualTo(replacement);
      assertThat(lambda.emulator.volume("vol-0aaaaaaaaaaaaaaa1").orElseThrow().instanceId()).isEqualTo(replacement);
    }
  }

  private static Scenario withoutSpotCapacity(Scenario s) {
    List<Scenario.PoolSpec> empty = s.pools().stream()
        .map(p -> new Scenario.PoolSpec(p.instanceType(), p.availabilityZone(), p.price(), 0, p.failWith(),
            p.productDescription()))
        .toList();
    return new Scenario(s.region(), s.instances(), empty, s.timing(), s.seed(), s.subnets(), s.volumes(),
        s.addresses(), s.interruption(), s.conditions(), s.rules());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("never saw " + what);
  }

  /** A failure a retry cannot heal: answered normally, logged at ERROR, counted where the alarm looks. */
  private static void assertFailureReachesTheAlarm(LambdaHarness lambda, Answer answer, String reason)
      throws Exception {
    assertThat(answer).isInstanceOf(Answer.Success.class);
    assertThat(JSON.readTree(answer.body()).path("reason").asText()).isEqualTo(reason);
    JsonNode record = only(lambda, line -> line.path("record").asText().equals("result"));
    assertThat(record.path("level").asText()).isEqualTo("ERROR");
    JsonNode metrics = only(lambda, line -> line.has("_aws"));
    assertThat(metrics.path("Failures").asInt()).isEqualTo(1);
    assertThat(metrics.path("Reason").asText()).isEqualTo(reason);
    JsonNode alarm = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile())
        .path("Resources").path("FailuresAlarm").path("Properties");
    assertThat(alarm.path("Namespace").asText()).isEqualTo(EmfLine.NAMESPACE);
    assertThat(alarm.path("MetricName").asText()).isEqualTo("Failures");
    assertThat(alarm.path("Dimensions").isMissingNode()).as("the alarm reads the metric without dimensions").isTrue();
  }

  private static List<SimSpotRequest> replacementRequests(LambdaHarness lambda) {
    return lambda.emulator.spotRequests().stream()
        .filter(r -> INSTANCE.equals(r.tags().get("spot-replacer:replaces"))).toList();
  }

  private static JsonNode only(LambdaHarness lambda, java.util.function.Predicate<JsonNode> which)
      throws InterruptedException {
    // The harness reads the function's stdout on a thread of its own: under load a line the function
    // wrote before answering can reach the list just after the answer does.
    List<JsonNode> found = lines(lambda, which);
    for (int i = 0; i < 600 && found.isEmpty(); i++) {
      Thread.sleep(10);
      found = lines(lambda, which);
    }
    assertThat(found).as("lines in %s", lambda.stdout()).hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> lines(LambdaHarness lambda, java.util.function.Predicate<JsonNode> which) {
    return lambda.stdout().stream().map(DeployedFunctionIT::parse).flatMap(Optional::stream).filter(which).toList();
  }

  private static Optional<JsonNode> parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static void waitUntilTerminated(LambdaHarness lambda, String instanceId) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (lambda.emulator.instance(instanceId).map(x -> x.state().equals("terminated")).orElse(true)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(instanceId + " was not terminated");
  }
}
