package dev.spotreplacer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.utils.Lazy;

/**
 * Just enough of the AWS Price List API (AWS JSON 1.1, target prefix {@code AWSPriceListService.},
 * SigV4 service name {@code pricing}) for the function's on-demand prices: GetProducts over the
 * {@link PriceBook}, with its filters, pagination and errors. Like the real API it answers only at
 * the regions that host it, and for prices of any region.
 */
final class PricingApi {

  static final String TARGET_PREFIX = "AWSPriceListService.";
  /**
   * The regions whose endpoints serve the Price List: us-east-1 and ap-south-1 (AWS's Price List
   * documentation), eu-central-1 (newer), and cn-northwest-1 for the China regions.
   */
  static final Set<String> SERVED_IN = Set.of("us-east-1", "eu-central-1", "ap-south-1", "cn-northwest-1");
  private static final int MAX_RESULTS = 100;
  private static final String FORMAT = "aws_v1";
  private static final String TOKEN_PREFIX = "sim-";

  private final Lazy<ObjectMapper> json = new Lazy<>(ObjectMapper::new);
  private final PriceBook book;
  private final Set<String> deny;

  PricingApi(PriceBook book, Set<String> deny) {
    this.book = book;
    this.deny = Set.copyOf(deny);
  }

  /** The operation named by an {@code X-Amz-Target} header, if it is one of the Price List's. */
  static Optional<String> operation(String target) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(target.substring(TARGET_PREFIX.length()));
  }

  /** Answers {@code operation} signed for {@code region}; a {@link JsonFault} for what AWS refuses. */
  String call(String operation, String body, String region) {
    if (!SERVED_IN.contains(region)) {
      // On AWS there is no api.pricing endpoint there at all (the name does not resolve); this
      // stands in for that, so a client calling the wrong region fails here too.
      throw new JsonFault("EndpointNotServed", "the AWS Price List API has no endpoint in " + region
          + "; it is served in " + SERVED_IN.stream().sorted().toList(), 404);
    }
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? json.getValue().createObjectNode() : json.getValue().readTree(body);
    } catch (JsonProcessingException e) {
      throw new JsonFault("SerializationException", "Request body is not valid JSON", 400);
    }
    if (!request.isObject()) {
      throw new JsonFault("SerializationException", "Request body must be a JSON object", 400);
    }
    if (deny.contains(operation)) {
      // As IAM words it; a JSON service answers a denied action with HTTP 400.
      throw new JsonFault("AccessDeniedException", "User: arn:aws:sts::" + Market.ACCOUNT_ID
          + ":assumed-role/spot-replacer/session is not authorized to perform: pricing:" + operation
          + " because no identity-based policy allows the pricing:" + operation + " action", 400);
    }
    if (!operation.equals("GetProducts")) {
      throw new JsonFault("UnknownOperationException", "Operation " + operation + " is not modelled by the emulator"
          + " (only GetProducts)", 400);
    }
    return getProducts(request).toString();
  }

  private ObjectNode getProducts(JsonNode request) {
    String serviceCode = text(request, "ServiceCode", true);
    String format = text(request, "FormatVersion", false);
    if (format != null && !format.equals(FORMAT)) {
      throw invalid("FormatVersion '" + format + "' is not supported; use " + FORMAT);
    }
    int limit = maxResults(request.get("MaxResults"));
    Predicate<PriceBook.Product> matches = filters(request.get("Filters"));
    List<PriceBook.Product> found = new ArrayList<>();
    if (serviceCode.equals(PriceBook.SERVICE_CODE)) {
      book.products().stream().filter(matches).forEach(found::add);
    }
    int from = start(text(request, "NextToken", false), found.size());
    int to = Math.min(found.size(), from + limit);
    ObjectNode answer = json.getValue().createObjectNode();
    answer.put("FormatVersion", FORMAT);
    // Each product is a JSON document inside a string, as the API sends it.
    ArrayNode list = answer.putArray("PriceList");
    found.subList(from, to).forEach(product -> list.add(product.document()));
    if (to < found.size()) {
      answer.put("NextToken", TOKEN_PREFIX + to);
    }
    return answer;
  }

  /** Every filter must hold. TERM_MATCH and EQUALS match the value exactly, CONTAINS a substring. */
  private Predicate<PriceBook.Product> filters(JsonNode filters) {
    Predicate<PriceBook.Product> all = product -> true;
    if (filters == null || filters.isNull()) {
      return all;
    }
    if (!filters.isArray()) {
      throw invalid("Filters must be a list");
    }
    for (JsonNode filter : filters) {
      String type = text(filter, "Type", true);
      String field = text(filter, "Field", true);
      String value = text(filter, "Value", true);
      Predicate<String> test = switch (type) {
        case "TERM_MATCH", "EQUALS" -> value::equals;
        case "CONTAINS" -> v -> v.contains(value);
        case "ANY_OF", "NONE_OF" -> throw invalid("filter type " + type + " is not modelled by the emulator");
        default -> throw invalid("Filters.Type '" + type + "' is not one of TERM_MATCH, EQUALS, CONTAINS, ANY_OF,"
            + " NONE_OF");
      };
      all = all.and(product -> {
        String actual = field.equals("ServiceCode") ? PriceBook.SERVICE_CODE : product.attributes().get(field);
        return actual != null && test.test(actual);
      });
    }
    return all;
  }

  private static int maxResults(JsonNode node) {
    if (node == null || node.isNull()) {
      return MAX_RESULTS;
    }
    if (!node.isInt() || node.asInt() < 1 || node.asInt() > MAX_RESULTS) {
      throw invalid("MaxResults must be between 1 and " + MAX_RESULTS);
    }
    return node.asInt();
  }

  private static int start(String token, int size) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      if (token.startsWith(TOKEN_PREFIX)) {
        int from = Integer.parseInt(token.substring(TOKEN_PREFIX.length()));
        if (from >= 0 && from <= size) {
          return from;
        }
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new JsonFault("InvalidNextTokenException", "The pagination token is invalid. Try again without a"
        + " pagination token.", 400);
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw invalid(field + " is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return value.asText();
  }

  private static JsonFault invalid(String message) {
    return new JsonFault("InvalidParameterException", message, 400);
  }
}
