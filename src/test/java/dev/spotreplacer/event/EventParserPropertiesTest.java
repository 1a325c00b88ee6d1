package dev.spotreplacer.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotreplacer.lambda.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives, the parser gives a valid notice or an error that names the field: nothing else. */
public class EventParserPropertiesTest {

  static final String WARNING = "{\"version\":\"0\",\"id\":\"12345678-1234-1234-1234-123456789012\","
      + "\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\","
      + "\"account\":\"123456789012\",\"time\":\"2026-11-23T10:00:00Z\",\"region\":\"us-east-2\","
      + "\"resources\":[\"arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0\"],"
      + "\"detail\":{\"instance-id\":\"i-1234567890abcdef0\",\"instance-action\":\"terminate\"}}";

  /** Field paths of the warning that a mutation may replace or remove. */
  public static final List<String> PATHS = List.of("version", "id", "detail-type", "source", "account", "time", "region",
      "resources", "detail", "detail.instance-id", "detail.instance-action");

  private final EventParser parser = new EventParser();

  /** The parser's contract: a notice, or one of its two exceptions with a message; never anything else. */
  static void parsesOrExplains(EventParser parser, byte[] input) {
    try {
      Notice notice = parser.parse(input);
      assertThat(notice.instanceId()).isNotBlank();
      assertThat(notice.region()).isNotBlank();
    } catch (InvalidEventException e) {
      assertThat(e.getMessage()).isNotBlank();
      if (!e.field().isEmpty()) {
        assertThat(e.getMessage()).contains(e.field());
      }
    } catch (UnsupportedEventException e) {
      assertThat(e.getMessage()).startsWith("not handled: source '");
    }
  }

  @Property(tries = 500)
  void arbitraryBytes_parseOrExplain(@ForAll byte[] input) {
    parsesOrExplains(parser, input);
  }

  @Property(tries = 500)
  void arbitraryText_parsesOrExplains(@ForAll String input) {
    parsesOrExplains(parser, input.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 1000)
  void aWarningWithOneFieldReplaced_parsesOrNamesThatField(
      @ForAll("paths") String path, @ForAll("jsonValues") JsonNode value) {
    byte[] input = mutate(path, value).getBytes(StandardCharsets.UTF_8);
    try {
      parser.parse(input);
    } catch (InvalidEventException e) {
      // The error names the field we broke, a field inside it, or the object that holds it.
      String named = e.field();
      assertThat(named.equals(path) || named.startsWith(path + ".") || path.startsWith(named + "."))
          .as("error names %s for a broken %s: %s", named, path, e.getMessage()).isTrue();
      assertThat(e.getMessage()).contains(e.field());
    } catch (UnsupportedEventException e) {
      assertThat(path).isIn("source", "detail-type");
    }
  }

  @Property(tries = 300)
  void aWarningWithOneFieldRemoved_parsesOrNamesThatField(@ForAll("paths") String path) {
    byte[] input = mutate(path, null).getBytes(StandardCharsets.UTF_8);
    parsesOrExplains(parser, input);
  }

  /** The warning with {@code path} set to {@code value}, or removed when value is null. */
  public static String mutate(String path, JsonNode value) {
    try {
      ObjectNode root = (ObjectNode) Json.mapper().readTree(WARNING);
      ObjectNode parent = path.startsWith("detail.") ? (ObjectNode) root.get("detail") : root;
      String field = path.startsWith("detail.") ? path.substring("detail.".length()) : path;
      if (value == null) {
        parent.remove(field);
      } else {
        parent.set(field, value);
      }
      return Json.mapper().writeValueAsString(root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  static Arbitrary<String> paths() {
    return Arbitraries.of(PATHS);
  }

  @Provide
  public static Arbitrary<JsonNode> jsonValues() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Arbitrary<JsonNode> text = Arbitraries.strings().ofMaxLength(40).map(f::textNode);
    Arbitrary<JsonNode> plausible = Arbitraries.of("", " ", "i-", "i-1234567890abcdef0", "i-XYZ", "us-east-2",
        "aws.ec2", "terminate", "stop", "hibernate", "2026-13-40T99:00:00Z", "123", "EC2 Spot Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation", "null").map(f::textNode);
    Arbitrary<JsonNode> numbers = Arbitraries.longs().map(f::numberNode);
    Arbitrary<JsonNode> decimals = Arbitraries.doubles().map(f::numberNode);
    Arbitrary<JsonNode> booleans = Arbitraries.of(true, false).map(f::booleanNode);
    Arbitrary<JsonNode> nulls = Arbitraries.just(f.nullNode());
    Arbitrary<JsonNode> arrays = Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(3)
        .map(items -> {
          var array = f.arrayNode();
          items.forEach(array::add);
          return array;
        });
    Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.strings().ofMaxLength(12),
        Arbitraries.strings().ofMaxLength(12)).as((k, v) -> {
          ObjectNode object = f.objectNode();
          object.put(k, v);
          return object;
        });
    return Arbitraries.oneOf(text, plausible, numbers, decimals, booleans, nulls, arrays, objects);
  }
}
