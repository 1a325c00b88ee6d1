package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/** Keeps template.yaml in step with the code: its rule, its policy, its handler. */
public class TemplateTest {

  private static JsonNode template;

  @BeforeAll
  public static void readTemplate() throws IOException {
    // Jackson's YAML reader takes CloudFormation's short-form tags (!Ref, !Sub) as plain values.
    template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
  }

  static JsonNode function() {
    return template.at("/Resources/ReplacerFunction/Properties");
  }

  /** Every ec2:* action the policy allows, however the statements group them. */
  public static Set<String> allowedEc2Actions() {
    if (template == null) {
      try {
        readTemplate();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    Set<String> actions = new TreeSet<>();
    for (JsonNode policy : function().get("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        if (!"Allow".equals(statement.path("Effect").asText())) {
          continue;
        }
        JsonNode action = statement.get("Action");
        List<JsonNode> names = new ArrayList<>();
        if (action.isArray()) {
          action.forEach(names::add);
        } else {
          names.add(action);
        }
        names.stream().map(JsonNode::asText).filter(a -> a.startsWith("ec2:"))
            .map(a -> a.substring("ec2:".length())).forEach(actions::add);
      }
    }
    return actions;
  }

  private static Machine ruleMachine() throws Exception {
    JsonNode pattern = function().at("/Events/SpotInterruptionWarning/Properties/Pattern");
    Machine machine = new Machine();
    machine.addRule("interruption", new ObjectMapper().writeValueAsString(pattern));
    return machine;
  }

  @Test
  void rulePattern_matchesTheInterruptionWarningSample() throws Exception {
    String event = Files.readString(Path.of("events/spot-interruption-warning.json"));

    assertThat(ruleMachine().rulesForJSONEvent(event)).containsExactly("interruption");
  }

  @Test
  void rulePattern_doesNotMatchTheRebalanceSample() throws Exception {
    String event = Files.readString(Path.of("events/rebalance-recommendation.json"));

    assertThat(ruleMachine().rulesForJSONEvent(event)).isEmpty();
  }

  @Test
  void handler_namesTheClassLambdaMustLoad() throws Exception {
    String handler = function().path("Handler").asText();
    String className = handler.substring(0, handler.indexOf("::"));

    assertThat(Class.forName(className)).isEqualTo(Handler.class);
    assertThat(handler).endsWith("::handleRequest");
    assertThat(function().path("CodeUri").asText()).isEqualTo(".");
    assertThat(template.at("/Globals/Function/Runtime").asText()).isEqualTo("java21");
  }

  @Test
  void createTags_isAllowedOnlyAtRequestCreationOrForReplacements() {
    for (JsonNode policy : function().get("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        if (statement.path("Action").asText().equals("ec2:CreateTags")) {
          assertThat(statement.path("Resource").asText()).doesNotContain("*:*:*").isNotEqualTo("*");
          assertThat(statement.has("Condition")).as(statement.toString()).isTrue();
        }
      }
    }
  }

  @Test
  void passRole_isOnlyForEc2() {
    boolean found = false;
    for (JsonNode policy : function().get("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        if (statement.path("Action").asText().equals("iam:PassRole")) {
          found = true;
          assertThat(statement.at("/Condition/StringEquals/iam:PassedToService").asText())
              .isEqualTo("ec2.amazonaws.com");
        }
      }
    }
    assertThat(found).isTrue();
  }

  @Test
  void failedEvents_goToAQueue_afterRetries() {
    JsonNode config = function().path("EventInvokeConfig");

    assertThat(config.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
    assertThat(config.at("/DestinationConfig/OnFailure/Type").asText()).isEqualTo("SQS");
    assertThat(template.at("/Resources/FailedEventsQueue/Type").asText()).isEqualTo("AWS::SQS::Queue");
  }

  @Test
  void coldStart_snapStartOnPublishedVersionsBehindAnAlias_andC1Only() {
    assertThat(function().at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
    assertThat(function().path("AutoPublishAlias").asText()).isNotBlank();
    assertThat(function().at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
        .contains("-XX:TieredStopAtLevel=1");
  }
}
