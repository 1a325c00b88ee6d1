package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** The emulator's EventBridge (JSON 1.1 on the same endpoint) as the real SDK client sees it. */
@SuppressWarnings("unchecked")
class EventBridgeEmulatorTest {

  private static final String REGION = "us-east-2";

  /** What the SDK puts on the wire: the header the emulator dispatches on, and the JSON body. */
  private static final class Capture implements ExecutionInterceptor {
    final List<String> lines = new ArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      SdkHttpFullRequest request = (SdkHttpFullRequest) context.httpRequest();
      String body = request.contentStreamProvider().map(p -> {
        try (InputStream in = p.newStream()) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).orElse("");
      lines.add(request.method() + " " + request.encodedPath() + " " + request.firstMatchingHeader("X-Amz-Target").orElse("")
          + " " + request.firstMatchingHeader("Content-Type").orElse("") + " " + body);
    }
  }

  private static Ec2Emulator start(String json) throws IOException {
    return Ec2Emulator.start(Scenario.fromJson(json), new VirtualClock(EmulatorFixture.START), 0);
  }

  private static EventBridgeClient client(Ec2Emulator emulator, ExecutionInterceptor... interceptors) {
    return EventBridgeClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .executionInterceptors(List.of(interceptors)))
        .build();
  }

  @Test
  void withoutRulesInTheScenario_listRulesAnswersTheRuleSamDeploys_overJson11() throws IOException {
    Capture capture = new Capture();
    try (Ec2Emulator emulator = start("{\"region\": \"" + REGION + "\"}");
        EventBridgeClient events = client(emulator, capture)) {
      ListRulesResponse page = events.listRules(r -> r.limit(10));

      assertThat(capture.lines).containsExactly(
          "POST / AWSEvents.ListRules application/x-amz-json-1.1 {\"Limit\":10}");
      assertThat(page.rules()).containsExactly(Rule.builder()
          .name("spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123")
          .arn("arn:aws:events:us-east-2:123456789012:rule/spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123")
          .eventPattern("{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}")
          .state("ENABLED").eventBusName("default").build());
      assertThat(page.nextToken()).isNull();
      assertThat(events.listTargetsByRule(r -> r.rule("spot-replacer-ReplacerFunctionSpotInterruptionWarning-ABC123"))
          .targets()).extracting(Target::arn)
          .containsExactly("arn:aws:lambda:us-east-2:123456789012:function:spot-replacer-ReplacerFunction-XYZ:live");
      assertThat(emulator.signedCalls()).extracting(SignedCall::action, SignedCall::region)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("ListRules", REGION),
              org.assertj.core.groups.Tuple.tuple("ListTargetsByRule", REGION));
      assertThat(emulator.actions()).isEmpty();
    }
  }

  @Test
  void listRules_pagesByLimitAndNextToken_andFiltersByNamePrefix() throws IOException {
    try (Ec2Emulator emulator = start("""
            {"region": "us-east-2", "rules": [
              {"name": "a-one", "eventPattern": {"source": ["aws.ec2"]}},
              {"name": "a-two", "eventPattern": "{\\"source\\":[\\"aws.s3\\"]}", "state": "DISABLED"},
              {"name": "b-three", "eventPattern": {"source": ["aws.ec2"]}, "targets": ["arn:aws:sqs:us-east-2:1:q"]}]}
            """);
        EventBridgeClient events = client(emulator)) {
      ListRulesResponse first = events.listRules(r -> r.limit(2));
      ListRulesResponse second = events.listRules(r -> r.limit(2).nextToken(first.nextToken()));

      assertThat(first.rules()).extracting(Rule::name).containsExactly("a-one", "a-two");
      assertThat(second.rules()).extracting(Rule::name).containsExactly("b-three");
      assertThat(second.nextToken()).isNull();
      assertThat(first.rules().get(0).eventPattern()).isEqualTo("{\"source\":[\"aws.ec2\"]}");
      assertThat(first.rules().get(1).stateAsString()).isEqualTo("DISABLED");
      assertThat(events.listRules(r -> r.namePrefix("b-")).rules()).extracting(Rule::name).containsExactly("b-three");
      assertThat(events.listRules(r -> r.eventBusName("default")).rules()).hasSize(3);
      assertThat(events.listTargetsByRule(r -> r.rule("a-one")).targets()).isEmpty();
      assertThatThrownBy(() -> events.listTargetsByRule(r -> r.rule("nope")))
          .isInstanceOf(ResourceNotFoundException.class)
          .hasMessageStartingWith("Rule nope does not exist on EventBus default.");
    }
  }

  @Test
  void deniedListRules_isAnAccessDeniedExceptionNamingTheAction() throws IOException {
    Scenario scenario = Scenario.fromJson("{\"region\": \"us-east-2\", \"deny\": [\"ListRules\"]}");
    try (Ec2Emulator emulator = Ec2Emulator.start(scenario, new VirtualClock(EmulatorFixture.START), 0);
        EventBridgeClient events = client(emulator)) {
      assertThat(scenario.conditions().deny()).isEqualTo(Set.of("ListRules"));
      assertThatThrownBy(() -> events.listRules(r -> { }))
          .isInstanceOfSatisfying(EventBridgeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::123456789012:assumed-role/"
                + "spot-replacer/session is not authorized to perform: events:ListRules on resource:"
                + " arn:aws:events:us-east-2:123456789012:rule/*");
          });
    }
  }

  @Test
  void badRule_isNamedWithItsPath() {
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-2", "rules": [{"name": "r", "eventPattern": {}, "state": "ON"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules[0].state 'ON' must be one of [DISABLED, ENABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]");
    assertThatThrownBy(() -> Scenario.fromJson("""
        {"region": "us-east-2", "rules": [{"name": "r"}]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rules[0].eventPattern is required");
  }
}
