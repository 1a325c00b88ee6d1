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
    return allowedActions("ec2");
  }

  /** Every action of {@code service} (its IAM prefix, such as pricing) that the policy allows. */
  public static Set<String> allowedActions(String service) {
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
        names.stream().map(JsonNode::asText).filter(a -> a.startsWith(service + ":"))
            .map(a -> a.substring(service.length() + 1)).forEach(actions::add);
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

  private static Machine terminationRuleMachine() throws Exception {
    JsonNode pattern = function().at("/Events/OldInstanceTerminated/Properties/Pattern");
    Machine machine = new Machine();
    machine.addRule("terminated", new ObjectMapper().writeValueAsString(pattern));
    return machine;
  }

  @Test
  void terminationRule_matchesTheTerminatedSample_notTheWarning() throws Exception {
    String terminated = Files.readString(Path.of("events/instance-terminated.json"));
    String warning = Files.readString(Path.of("events/spot-interruption-warning.json"));

    assertThat(terminationRuleMachine().rulesForJSONEvent(terminated)).containsExactly("terminated");
    assertThat(terminationRuleMachine().rulesForJSONEvent(warning)).isEmpty();
    assertThat(terminationRuleMachine().rulesForJSONEvent(terminated.replace("\"terminated\"", "\"stopped\"")))
        .isEmpty();
    assertThat(ruleMachine().rulesForJSONEvent(terminated)).isEmpty();
  }

  @Test
  void terminationRule_isEnabledOnlyByItsParameter_offByDefault() {
    JsonNode state = function().at("/Events/OldInstanceTerminated/Properties/State");

    assertThat(state.isArray()).as("State: !If [...]").isTrue();
    assertThat(state.get(0).asText()).isEqualTo("FinishOnTerminationEnabled");
    assertThat(state.get(1).asText()).isEqualTo("ENABLED");
    assertThat(state.get(2).asText()).isEqualTo("DISABLED");
    assertThat(template.at("/Parameters/FinishOnTermination/Default").asText()).isEqualTo("false");
    assertThat(template.at("/Conditions/FinishOnTerminationEnabled").isMissingNode()).isFalse();
  }

  @Test
  void handover_touchesOnlyReplacementsAndVolumesMarkedToFollow() {
    boolean instances = false;
    boolean volumes = false;
    for (JsonNode policy : function().get("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        String text = statement.path("Action").toString();
        String resource = statement.path("Resource").toString();
        if ((text.contains("ec2:AttachVolume") || text.contains("ec2:AssociateAddress")) && resource.contains(":instance/")) {
          instances = true;
          assertThat(statement.at("/Condition/Null/aws:ResourceTag~1spot-replacer:replaces").asText()).isEqualTo("false");
        }
        if (text.contains("ec2:AttachVolume") && resource.contains(":volume/")) {
          volumes = true;
          assertThat(statement.at("/Condition/StringEqualsIgnoreCase/aws:ResourceTag~1spot-replacer:follow").asText())
              .isEqualTo("true");
        }
      }
    }
    assertThat(instances).isTrue();
    assertThat(volumes).isTrue();
  }

  @Test
  void rebalanceRule_matchesOnlyTheRebalanceSample_andIsEnabledByItsParameter() throws Exception {
    JsonNode rule = function().at("/Events/RebalanceRecommendation/Properties");
    Machine machine = Machine.builder().build();
    machine.addRule("rebalance", new ObjectMapper().writeValueAsString(rule.get("Pattern")));

    assertThat(machine.rulesForJSONEvent(Files.readString(Path.of("events/rebalance-recommendation.json"))))
        .containsExactly("rebalance");
    assertThat(machine.rulesForJSONEvent(Files.readString(Path.of("events/spot-interruption-warning.json"))))
        .isEmpty();
    // Jackson reads '!If [C, A, B]' as the list [C, A, B].
    assertThat(rule.get("State").toString()).isEqualTo("[\"RebalanceEnabled\",\"ENABLED\",\"DISABLED\"]");
    assertThat(template.at("/Conditions/RebalanceEnabled").toString()).contains("ReplaceOnRebalance", "true");
    assertThat(template.at("/Parameters/ReplaceOnRebalance/Default").asText()).isEqualTo("false");
    assertThat(function().at("/Environment/Variables/REPLACE_ON_REBALANCE").asText()).isEqualTo("ReplaceOnRebalance");
  }

  @Test
  void assumeRole_isOnlyOnTheMemberRoleName_whichTheFunctionReads() {
    List<JsonNode> statements = new ArrayList<>();
    function().get("Policies").forEach(p -> p.path("Statement").forEach(statements::add));

    assertThat(statements).filteredOn(s -> s.path("Action").asText().startsWith("sts:")).singleElement()
        .satisfies(s -> {
          assertThat(s.path("Action").asText()).isEqualTo("sts:AssumeRole");
          assertThat(s.path("Resource").asText()).isEqualTo("arn:${AWS::Partition}:iam::*:role/${MemberRoleName}");
        });
    assertThat(function().at("/Environment/Variables/MEMBER_ROLE_NAME").asText()).isEqualTo("MemberRoleName");
    assertThat(template.at("/Parameters/MemberRoleName/Default").asText())
        .isEqualTo(dev.spotreplacer.aws.ClientCache.DEFAULT_MEMBER_ROLE);
  }

  @Test
  void logsAreJson_andTheFailedEventsQueueHasAnAlarm() {
    assertThat(function().at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
    JsonNode alarm = template.at("/Resources/FailedEventsAlarm");
    assertThat(alarm.path("Type").asText()).isEqualTo("AWS::CloudWatch::Alarm");
    assertThat(alarm.at("/Properties/Namespace").asText()).isEqualTo("AWS/SQS");
    assertThat(alarm.at("/Properties/MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(alarm.at("/Properties/Dimensions/0/Value").toString()).contains("FailedEventsQueue.QueueName");
    assertThat(alarm.at("/Properties/ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    assertThat(alarm.at("/Properties/Threshold").asInt()).isZero();
  }

  @Test
  void handler_namesTheClassLambdaMustLoad() throws Exception {
    String handler = function().path("Handler").asText();
    String className = handler.substring(0, handler.indexOf("::"));

    assertThat(Class.forName(className)).isEqualTo(Handler.class);
    assertThat(handler).endsWith("::handleRequest");
    assertThat(function().path("CodeUri").asText()).isEqualTo("target/spot-replacer-function.zip");
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

  /** Every statement, those inside {@code !If [condition, statement, NoValue]} included. */
  private static List<JsonNode> statements() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode policy : function().get("Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        if (statement.isArray()) {
          all.add(statement.get(1));
        } else {
          all.add(statement);
        }
      }
    }
    return all;
  }

  private static JsonNode statement(String sid) {
    return statements().stream().filter(s -> sid.equals(s.path("Sid").asText())).findFirst().orElseThrow();
  }

  @Test
  void passRole_isOnlyForEc2_andOnlyForListedRoles_neverAWildcardByDefault() {
    JsonNode pass = statement("PassInstanceRolesToEc2Only");

    assertThat(pass.path("Action").asText()).isEqualTo("iam:PassRole");
    assertThat(pass.at("/Condition/StringEquals/iam:PassedToService").asText()).isEqualTo("ec2.amazonaws.com");
    assertThat(pass.path("Resource").asText()).isEqualTo("PassableRoleArns");
    assertThat(template.at("/Parameters/PassableRoleArns/Default").asText()).isEmpty();
    assertThat(function().get("Policies").toString()).contains("[\"HasPassableRoles\",");
  }

  @Test
  void launchTemplates_areDeletedOnlyWhenTaggedOurs_andTaggedOnlyAtCreation() {
    JsonNode delete = statement("DeleteOwnLaunchTemplatesOnly");
    assertThat(delete.path("Action").asText()).isEqualTo("ec2:DeleteLaunchTemplate");
    assertThat(delete.path("Resource").asText()).contains(":launch-template/*");
    assertThat(delete.at("/Condition/Null/aws:ResourceTag~1spot-replacer:replaces").asText()).isEqualTo("false");
    assertThat(statement("CreateOwnLaunchTemplates").at("/Condition/Null/aws:RequestTag~1spot-replacer:replaces")
        .asText()).isEqualTo("false");
    assertThat(statement("TagLaunchTemplatesAtCreation").at("/Condition/StringEquals/ec2:CreateAction").asText())
        .isEqualTo("CreateLaunchTemplate");
    assertThat(statements()).filteredOn(s -> s.path("Action").toString().contains("ec2:DeleteLaunchTemplate"))
        .hasSize(1);
  }

  @Test
  void replacementTag_afterLaunch_onlyOnSpotInstancesNotYetReplacements() {
    JsonNode tag = statement("TagSpotRequestReplacementsOnce");

    assertThat(tag.at("/Condition/Null/aws:RequestTag~1spot-replacer:replaces").asText()).isEqualTo("false");
    assertThat(tag.at("/Condition/Null/aws:ResourceTag~1spot-replacer:replaces").asText()).isEqualTo("true");
    assertThat(tag.at("/Condition/StringEquals/ec2:InstanceMarketType").asText()).isEqualTo("spot");
  }

  @Test
  void modifyInstanceAttribute_onlyTurnsSourceDestCheckOff_onReplacements() {
    JsonNode modify = statement("SourceDestCheckOffOnReplacementsOnly");

    assertThat(modify.path("Action").asText()).isEqualTo("ec2:ModifyInstanceAttribute");
    assertThat(modify.at("/Condition/Null/aws:ResourceTag~1spot-replacer:replaces").asText()).isEqualTo("false");
    assertThat(modify.at("/Condition/StringEqualsIfExists/ec2:Attribute~1SourceDestCheck").asText()).isEqualTo("false");
    assertThat(statements()).filteredOn(st -> st.path("Action").toString().contains("ec2:ModifyInstanceAttribute"))
        .hasSize(1);
  }

  @Test
  void kmsKeys_areUsableOnlyThroughEc2_andOnlyTheListedOnes() {
    JsonNode grant = statement("GrantVolumeKeysToEc2Only");
    JsonNode use = statement("UseVolumeKeysThroughEc2Only");

    assertThat(grant.at("/Condition/Bool/kms:GrantIsForAWSResource").asText()).isEqualTo("true");
    assertThat(use.at("/Condition/StringLike/kms:ViaService").asText()).isEqualTo("ec2.*.amazonaws.com");
    assertThat(grant.path("Resource").asText()).isEqualTo("KmsKeyArns");
    assertThat(use.path("Resource").asText()).isEqualTo("KmsKeyArns");
    assertThat(template.at("/Parameters/KmsKeyArns/Default").asText()).isEmpty();
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
    // C1 only (the runtime harness and its benchmark start the function with this very value).
    assertThat(function().at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
        .contains("-XX:TieredStopAtLevel=1");
  }
}
