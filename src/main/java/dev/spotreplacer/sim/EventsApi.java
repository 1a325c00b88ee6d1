package dev.spotreplacer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.utils.Lazy;

/**
 * Just enough EventBridge (AWS JSON 1.1, target prefix {@code AWSEvents.}) for doctor's rule check:
 * ListRules and ListTargetsByRule on the default bus, read-only, from the scenario's rules. It
 * shares the EC2 emulator's endpoint; requests are told apart by their X-Amz-Target header.
 */
final class EventsApi {

  static final String TARGET_PREFIX = "AWSEvents.";
  private static final Set<String> DEFAULT_BUS = Set.of("", "default");
  private static final int MAX_LIMIT = 100;

  /** Built on the first EventBridge call: the EC2 path never needs it, and a mapper is dear to build. */
  private final Lazy<ObjectMapper> json = new Lazy<>(ObjectMapper::new);
  private final String region;
  private final List<RuleSpec> rules;
  private final Set<String> deny;

  EventsApi(String region, List<RuleSpec> rules, Set<String> deny) {
    this.region = region;
    this.rules = List.copyOf(rules);
    this.deny = Set.copyOf(deny);
  }

  /** The operation named by an {@code X-Amz-Target} header, if it is one of EventBridge's. */
  static Optional<String> operation(String target) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(target.substring(TARGET_PREFIX.length()));
  }

  String call(String operation, String body) {
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? json.getValue().createObjectNode() : json.getValue().readTree(body);
    } catch (JsonProcessingException e) {
      throw new JsonFault("SerializationException", "Request body is not valid JSON", 400);
    }
    if (deny.contains(operation)) {
      // As IAM words it; EventBridge answers a denied action with HTTP 400, not 403.
      throw new JsonFault("AccessDeniedException", "User: arn:aws:sts::" + Market.ACCOUNT_ID
          + ":assumed-role/spot-replacer/session is not authorized to perform: events:" + operation
          + " on resource: arn:aws:events:" + region + ":" + Market.ACCOUNT_ID + ":rule/*", 400);
    }
    ObjectNode answer = switch (operation) {
      case "ListRules" -> listRules(request);
      case "ListTargetsByRule" -> listTargets(request);
      default -> throw new JsonFault("UnknownOperationException", "Operation " + operation + " is not supported", 400);
    };
    return answer.toString();
  }

  private ObjectNode listRules(JsonNode request) {
    requireDefaultBus(request);
    String prefix = request.path("NamePrefix").asText("");
    List<RuleSpec> matching = rules.stream().filter(r -> r.name().startsWith(prefix)).toList();
    int from = start(request);
    int to = Math.min(matching.size(), from + limit(request));
    ObjectNode answer = json.getValue().createObjectNode();
    ArrayNode list = answer.putArray("Rules");
    for (RuleSpec rule : matching.subList(Math.min(from, matching.size()), to)) {
      ObjectNode node = list.addObject();
      node.put("Name", rule.name());
      node.put("Arn", "arn:aws:events:" + region + ":" + Market.ACCOUNT_ID + ":rule/" + rule.name());
      node.put("EventPattern", rule.eventPattern());
      node.put("State", rule.state());
      node.put("EventBusName", "default");
    }
    if (to < matching.size()) {
      answer.put("NextToken", Integer.toString(to));
    }
    return answer;
  }

  private ObjectNode listTargets(JsonNode request) {
    requireDefaultBus(request);
    String name = request.path("Rule").asText("");
    if (name.isEmpty()) {
      throw new JsonFault("ValidationException", "1 validation error detected: Value null at 'rule' failed to satisfy"
          + " constraint: Member must not be null", 400);
    }
    RuleSpec rule = rules.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new JsonFault("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus default.",
            400));
    int from = start(request);
    int to = Math.min(rule.targets().size(), from + limit(request));
    ObjectNode answer = json.getValue().createObjectNode();
    ArrayNode list = answer.putArray("Targets");
    for (int i = Math.min(from, to); i < to; i++) {
      // SAM names a function target after the function's logical id; an index is as good here.
      list.addObject().put("Id", "Target" + i).put("Arn", rule.targets().get(i));
    }
    if (to < rule.targets().size()) {
      answer.put("NextToken", Integer.toString(to));
    }
    return answer;
  }

  private void requireDefaultBus(JsonNode request) {
    String bus = request.path("EventBusName").asText("");
    String defaultArn = "arn:aws:events:" + region + ":" + Market.ACCOUNT_ID + ":event-bus/default";
    if (!DEFAULT_BUS.contains(bus) && !bus.equals(defaultArn)) {
      throw new JsonFault("ResourceNotFoundException", "Event bus " + bus + " does not exist.", 400);
    }
  }

  private static int limit(JsonNode request) {
    JsonNode limit = request.get("Limit");
    if (limit == null || limit.isNull()) {
      return MAX_LIMIT;
    }
    if (!limit.isInt() || limit.asInt() < 1 || limit.asInt() > MAX_LIMIT) {
      throw new JsonFault("ValidationException", "1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100", 400);
    }
    return limit.asInt();
  }

  private static int start(JsonNode request) {
    String token = request.path("NextToken").asText("");
    if (token.isEmpty()) {
      return 0;
    }
    try {
      int from = Integer.parseInt(token);
      if (from >= 0) {
        return from;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new JsonFault("ValidationException", "The NextToken provided is invalid.", 400);
  }
}
