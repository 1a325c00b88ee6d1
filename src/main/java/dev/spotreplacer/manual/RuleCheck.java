package dev.spotreplacer.manual;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.manual.Doctor.Check;
import dev.spotreplacer.manual.Doctor.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Doctor's look at the deployed rule: the default bus's rules whose pattern sends "EC2 Spot Instance
 * Interruption Warning" events from aws.ec2, each with its state and whether a Lambda function is
 * among its targets.
 */
final class RuleCheck {

  static final String NAME = "deployed rule";
  static final String DETAIL_TYPE = "EC2 Spot Instance Interruption Warning";
  private static final Pattern LAMBDA_ARN = Pattern.compile("arn:[a-z0-9-]+:lambda:.*");
  private static final String HINT = " --query \"Rules[?contains(EventPattern, 'Spot Instance Interruption')].[Name,State]\"";

  private final EventBridgeClient events;
  private final Region region;
  private final ObjectMapper json = new ObjectMapper();

  RuleCheck(EventBridgeClient events, Region region) {
    this.events = events;
    this.region = region;
  }

  List<Check> run() {
    List<Rule> rules;
    try {
      rules = spotWarningRules();
    } catch (SdkException e) {
      String code = code(e);
      String hint = "check with: aws events list-rules --region " + region.id() + HINT;
      if (denied(code)) {
        return List.of(new Check(Status.UNKNOWN, NAME, "events:ListRules denied (" + code + ")",
            "allow events:ListRules and events:ListTargetsByRule for these credentials, or " + hint));
      }
      return List.of(new Check(Status.UNKNOWN, NAME, "events:ListRules failed (" + code + ")", hint));
    }
    if (rules.isEmpty()) {
      return List.of(new Check(Status.FAIL, NAME,
          "no EventBridge rule in " + region.id() + " sends spot interruption warnings to a function",
          "deploy with `./mvnw -B package -DskipTests && sam deploy`"));
    }
    List<Check> checks = new ArrayList<>();
    for (Rule rule : rules) {
      checks.add(check(rule));
    }
    return checks;
  }

  private Check check(Rule rule) {
    String state = rule.stateAsString() == null ? "UNKNOWN" : rule.stateAsString();
    boolean enabled = state.startsWith("ENABLED");
    String head = rule.name() + ": " + state.toLowerCase(Locale.ROOT);
    Optional<String> function;
    try {
      function = lambdaTarget(rule.name());
    } catch (SdkException e) {
      String code = code(e);
      return new Check(Status.UNKNOWN, NAME, head + ", targets not readable: events:ListTargetsByRule "
          + (denied(code) ? "denied" : "failed") + " (" + code + ")",
          "allow events:ListTargetsByRule for these credentials");
    }
    String enable = "enable it: aws events enable-rule --region " + region.id() + " --name " + rule.name();
    String retarget = "make the replacer function its target: redeploy with `sam deploy`";
    if (function.isEmpty()) {
      return new Check(Status.WARN, NAME, head + ", targets no Lambda function",
          enabled ? retarget : enable + "; " + retarget);
    }
    String detail = head + ", targets " + function.get();
    return enabled ? new Check(Status.OK, NAME, detail, "") : new Check(Status.WARN, NAME, detail, enable);
  }

  /** ListRules has no paginator in the SDK: follow NextToken by hand. */
  private List<Rule> spotWarningRules() {
    List<Rule> found = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListRulesResponse page = events.listRules(r -> r.nextToken(next));
      page.rules().stream().filter(r -> matchesSpotWarning(r.eventPattern())).forEach(found::add);
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return found;
  }

  private Optional<String> lambdaTarget(String rule) {
    String token = null;
    do {
      String next = token;
      ListTargetsByRuleResponse page = events.listTargetsByRule(r -> r.rule(rule).nextToken(next));
      Optional<String> function = page.targets().stream().map(Target::arn)
          .filter(arn -> arn != null && LAMBDA_ARN.matcher(arn).matches()).findFirst();
      if (function.isPresent()) {
        return function;
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return Optional.empty();
  }

  /** True when the pattern would pass aws.ec2 spot interruption warnings (exact values only). */
  boolean matchesSpotWarning(String eventPattern) {
    if (eventPattern == null || eventPattern.isBlank()) {
      return false;
    }
    JsonNode pattern;
    try {
      pattern = json.readTree(eventPattern);
    } catch (JsonProcessingException e) {
      return false;
    }
    return pattern != null && contains(pattern.get("source"), "aws.ec2")
        && contains(pattern.get("detail-type"), DETAIL_TYPE);
  }

  private static boolean contains(JsonNode values, String wanted) {
    if (values == null) {
      return false;
    }
    if (values.isTextual()) {
      return values.asText().equals(wanted);
    }
    if (values.isArray()) {
      for (JsonNode value : values) {
        if (value.isTextual() && value.asText().equals(wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean denied(String code) {
    return "AccessDeniedException".equals(code) || "AccessDenied".equals(code);
  }

  private static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }
}
