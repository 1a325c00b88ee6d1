package dev.spotreplacer.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration the project uses, and the light path the handler takes.
 *
 * <p>An invocation reads the event as a tree ({@link dev.spotreplacer.event.EventJson}) and writes
 * its answer with Jackson's streaming API only: building an {@link ObjectMapper} and introspecting
 * the result record cost a fresh JVM about 0.3 s (docs/performance.md), more than the rest of the
 * event handling. The mapper stays for what is not on that path: manual events' answers, the CLI's
 * reports, scenario files.
 */
public final class Json {

  /** Thread-safe once built; holds no per-call state. */
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  public static ObjectMapper mapper() {
    return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** Writes one JSON document with a streaming generator and returns it. */
  public static String write(Writing writing) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(text)) {
      writing.to(generator);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return text.toString();
  }

  /** Writes a tree (built with {@code JsonNodeFactory}), as {@code ObjectMapper.writeValueAsString} would. */
  public static String write(JsonNode tree) {
    return write(out -> tree(out, tree));
  }

  /** What {@link #write} writes. */
  @FunctionalInterface
  public interface Writing {
    void to(JsonGenerator generator) throws IOException;
  }

  private static void tree(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isObject()) {
      out.writeStartObject();
      for (var fields = node.fields(); fields.hasNext(); ) {
        var field = fields.next();
        out.writeFieldName(field.getKey());
        tree(out, field.getValue());
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode item : node) {
        tree(out, item);
      }
      out.writeEndArray();
    } else if (node.isTextual()) {
      out.writeString(node.textValue());
    } else if (node.isBigDecimal()) {
      out.writeNumber(node.decimalValue());
    } else if (node.isBigInteger()) {
      out.writeNumber(node.bigIntegerValue());
    } else if (node.isIntegralNumber()) {
      out.writeNumber(node.longValue());
    } else if (node.isNumber()) {
      out.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      out.writeBoolean(node.booleanValue());
    } else {
      out.writeNull();
    }
  }
}
