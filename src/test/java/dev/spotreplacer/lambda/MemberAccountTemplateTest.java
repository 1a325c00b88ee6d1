package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Reason;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * templates/member-account.yaml against template.yaml and the code: the member role's policy is
 * the function's (they cannot drift), it trusts the function's role only, and the member rules
 * forward exactly what the function's rules take. Also the function account's side: the bus policy
 * and the dashboard, whose metrics must be ones EmfLine writes.
 */
class MemberAccountTemplateTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static JsonNode function;
  private static JsonNode member;

  @BeforeAll
  static void read() throws IOException {
    function = YAML.readTree(Path.of("template.yaml").toFile());
    member = YAML.readTree(Path.of("templates/member-account.yaml").toFile());
  }

  private static List<JsonNode> functionStatements() {
    List<JsonNode> statements = new ArrayList<>();
    function.at("/Resources/ReplacerFunction/Properties/Policies").forEach(p -> p.path("Statement").forEach(statements::add));
    return statements;
  }

  /**
   * Statements for calls the function makes with its own credentials, never with a member role's:
   * assuming the member roles, and reading the Price List (the same for every account).
   */
  private static final Set<String> FUNCTION_ROLE_ONLY = Set.of("AssumeMemberAccountRole", "ReadPriceList");

  @Test
  void memberRolePolicy_isTheFunctionsPolicy_lessWhatOnlyTheFunctionsOwnRoleCalls() {
    assertThat(functionStatements()).extracting(s -> s.path("Sid").asText()).containsAll(FUNCTION_ROLE_ONLY);
    List<JsonNode> expected = functionStatements().stream()
        .filter(s -> !FUNCTION_ROLE_ONLY.contains(s.path("Sid").asText())).toList();
    JsonNode policies = member.at("/Resources/MemberRole/Properties/Policies");

    assertThat(policies).hasSize(1);
    List<JsonNode> actual = new ArrayList<>();
    policies.get(0).at("/PolicyDocument/Statement").forEach(actual::add);
    assertThat(actual).isEqualTo(expected);
    // The conditions the shared statements use exist in both templates, on parameters of the same name.
    for (String condition : List.of("AttachListedVolumesEnabled", "HasAllowedRegions", "HasPassableRoles", "HasKmsKeys")) {
      assertThat(member.at("/Conditions/" + condition)).as(condition).isEqualTo(function.at("/Conditions/" + condition));
    }
    for (String parameter : List.of("PassableRoleArns", "KmsKeyArns", "AttachListedVolumes", "AllowedRegions",
        "MemberRoleName")) {
      assertThat(member.at("/Parameters/" + parameter + "/Default")).as(parameter)
          .isEqualTo(function.at("/Parameters/" + parameter + "/Default"));
    }
  }

  @Test
  void memberRole_trustsOnlyTheFunctionsRole_withItsSessionNames_andIsCreatedInOneRegion() {
    JsonNode role = member.at("/Resources/MemberRole");
    JsonNode trust = role.at("/Properties/AssumeRolePolicyDocument/Statement");

    assertThat(trust).hasSize(1);
    assertThat(trust.get(0).at("/Principal/AWS").asText()).isEqualTo("FunctionRoleArn");
    assertThat(trust.get(0).at("/Action").asText()).isEqualTo("sts:AssumeRole");
    // The function's session names (ClientCache): "spot-replacer-" + the event id.
    assertThat(trust.get(0).at("/Condition/StringLike/sts:RoleSessionName").asText()).isEqualTo("spot-replacer-*");
    assertThat(role.at("/Properties/RoleName").asText()).isEqualTo("MemberRoleName");
    assertThat(role.at("/Condition").asText()).isEqualTo("CreateRole");
    assertThat(dev.spotreplacer.aws.ClientCache.DEFAULT_MEMBER_ROLE)
        .isEqualTo(member.at("/Parameters/MemberRoleName/Default").asText());
  }

  @Test
  void memberRules_forwardWhatTheFunctionsRulesTake_toTheFunctionAccountsBus() throws Exception {
    Map<String, String> pairs = Map.of(
        "ForwardInterruptionWarnings", "SpotInterruptionWarning",
        "ForwardRebalanceRecommendations", "RebalanceRecommendation",
        "ForwardTerminations", "OldInstanceTerminated");
    for (var pair : pairs.entrySet()) {
      JsonNode rule = member.at("/Resources/" + pair.getKey() + "/Properties");
      assertThat(rule.get("EventPattern")).as(pair.getKey())
          .isEqualTo(function.at("/Resources/ReplacerFunction/Properties/Events/" + pair.getValue() + "/Properties/Pattern"));
      JsonNode target = rule.at("/Targets/0");
      assertThat(target.path("Arn").asText())
          .isEqualTo("arn:${AWS::Partition}:events:${FunctionRegion}:${FunctionAccountId}:event-bus/default");
      assertThat(target.path("RoleArn").toString()).contains("ForwardRole");
    }
    assertThat(matches("ForwardInterruptionWarnings", "events/spot-interruption-warning.json")).isTrue();
    assertThat(matches("ForwardInterruptionWarnings", "events/rebalance-recommendation.json")).isFalse();
    assertThat(matches("ForwardRebalanceRecommendations", "events/rebalance-recommendation.json")).isTrue();
    assertThat(matches("ForwardTerminations", "events/instance-terminated.json")).isTrue();
    // Optional rules are created disabled by default, as the function's.
    assertThat(member.at("/Parameters/ForwardRebalance/Default").asText()).isEqualTo("false");
    assertThat(member.at("/Parameters/ForwardTermination/Default").asText()).isEqualTo("false");
  }

  private static boolean matches(String rule, String sample) throws Exception {
    Machine machine = new Machine();
    machine.addRule(rule, new ObjectMapper().writeValueAsString(member.at("/Resources/" + rule + "/Properties/EventPattern")));
    return !machine.rulesForJSONEvent(Files.readString(Path.of(sample))).isEmpty();
  }

  @Test
  void functionAccountsBusPolicy_admitsTheOrganisation_onlyWhenTheParameterIsSet() {
    JsonNode policy = function.at("/Resources/MemberAccountsBusPolicy");

    assertThat(policy.path("Condition").asText()).isEqualTo("HasMemberOrganization");
    assertThat(function.at("/Parameters/MemberOrganizationId/Default").asText()).isEmpty();
    assertThat(policy.at("/Properties/Statement/Action").asText()).isEqualTo("events:PutEvents");
    assertThat(policy.at("/Properties/Statement/Condition/StringEquals/aws:PrincipalOrgID").asText())
        .isEqualTo("MemberOrganizationId");
  }

  @Test
  void dashboard_showsOnlyMetricsTheFunctionWrites() throws Exception {
    JsonNode sub = function.at("/Resources/OperationsDashboard/Properties/DashboardBody");
    assertThat(sub.get(1).path("Namespace").asText()).isEqualTo(EmfLine.NAMESPACE);
    // Fill the substitutions CloudFormation fills, then read the body as CloudWatch will.
    String body = sub.get(0).asText().replaceAll("\\$\\{[^}]+}", "x");
    JsonNode widgets = new ObjectMapper().readTree(body).path("widgets");
    assertThat(widgets.size()).isGreaterThan(5);

    Set<String> written = emittedMetricNames();
    Set<String> shown = new TreeSet<>();
    Matcher search = Pattern.compile("MetricName=\\\\?\"(\\w+)\\\\?\"").matcher(sub.get(0).asText());
    while (search.find()) {
      shown.add(search.group(1));
    }
    for (JsonNode widget : widgets) {
      // CloudWatch's shorthand: "." repeats the row above's namespace, "..." its whole metric.
      String namespace = "";
      for (JsonNode metric : widget.at("/properties/metrics")) {
        if (!metric.get(0).isTextual() || metric.get(0).asText().equals("...")) {
          continue;
        }
        namespace = metric.get(0).asText().equals(".") ? namespace : metric.get(0).asText();
        if (namespace.equals("x")) {
          shown.add(metric.get(1).asText());
        }
      }
    }
    assertThat(shown).isNotEmpty().isSubsetOf(written)
        .contains("Replacements", "Skips", "Failures", "TimeToRequest", "TimeToRunning", "SpotPrice");
  }

  /** Every metric name EmfLine declares, over one result of each outcome. */
  private static Set<String> emittedMetricNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Outcome outcome : Outcome.values()) {
      Result result = SampleResults.replacement(outcome, Reason.fromWire("reason"), "message")
        .build();
      JsonNode line = new ObjectMapper().readTree(new EmfLine().of(result, Instant.EPOCH));
      for (JsonNode directive : line.at("/_aws/CloudWatchMetrics")) {
        assertThat(directive.path("Namespace").asText()).isEqualTo(EmfLine.NAMESPACE);
        ((ArrayNode) directive.path("Metrics")).forEach(m -> names.add(m.path("Name").asText()));
      }
    }
    return names;
  }
}
