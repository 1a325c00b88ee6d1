package dev.spotreplacer.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.spotreplacer.replace.DataVolume;
import dev.spotreplacer.replace.PoolTried;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A {@link Result} as one JSON line, written with the streaming API: the same text Jackson's
 * databind makes from the record's annotations (field order, nulls left out), which a test holds
 * it to, without databind's first-use cost on a cold start.
 */
public final class ResultJson {

  private ResultJson() {}

  public static String of(Result result) {
    return Json.write(out -> {
      out.writeStartObject();
      fields(out, result);
      out.writeEndObject();
    });
  }

  /**
   * The result as a log record: the level Lambda's JSON log format would give it (ERROR for a
   * failure, WARN while pending), the invocation's request id, then the result's own fields.
   */
  public static String logRecord(Result result, String requestId) {
    return Json.write(out -> {
      out.writeStartObject();
      out.writeStringField("level", level(result));
      text(out, "AWSRequestId", requestId);
      out.writeStringField("record", "result");
      fields(out, result);
      out.writeEndObject();
    });
  }

  static String level(Result result) {
    return switch (result.outcome()) {
      case FAILED -> "ERROR";
      case PENDING -> "WARN";
      case REPLACED, SKIPPED, DRY_RUN -> "INFO";
    };
  }

  private static void fields(JsonGenerator out, Result result) throws IOException {
    text(out, "outcome", result.outcome().wireName());
    text(out, "reason", result.reason().wireName());
    text(out, "message", result.message());
    text(out, "interruptedInstanceId", result.interruptedInstanceId());
    text(out, "replacementInstanceId", result.replacementInstanceId());
    text(out, "spotRequestId", result.spotRequestId());
    text(out, "instanceType", result.instanceType());
    text(out, "availabilityZone", result.availabilityZone());
    text(out, "spotPrice", result.spotPrice());
    if (result.priceCap() != null) {
      out.writeObjectFieldStart("priceCap");
      out.writeStringField("maxPrice", result.priceCap().maxPrice());
      out.writeStringField("source", result.priceCap().source());
      out.writeEndObject();
    }
    text(out, "state", result.state());
    text(out, "eventId", result.eventId());
    text(out, "lifecycle", result.lifecycle());
    text(out, "launchStrategy", result.launchStrategy());
    text(out, "launchStrategyReason", result.launchStrategyReason());
    if (result.elasticIp() != null) {
      out.writeObjectFieldStart("elasticIp");
      // The record has no NON_NULL rule of its own: an unknown public address is written as null.
      out.writeStringField("allocationId", result.elasticIp().allocationId());
      out.writeStringField("publicIp", result.elasticIp().publicIp());
      out.writeEndObject();
    }
    if (result.volumes() != null) {
      out.writeArrayFieldStart("volumes");
      for (DataVolume volume : result.volumes()) {
        out.writeStartObject();
        out.writeStringField("volumeId", volume.volumeId());
        out.writeStringField("device", volume.device());
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    strings(out, "volumesPending", result.volumesPending());
    out.writeArrayFieldStart("poolsTried");
    for (PoolTried pool : result.poolsTried()) {
      pool(out, pool);
    }
    out.writeEndArray();
    if (result.timings() != null) {
      timings(out, result.timings());
    }
    if (result.apiCalls() != null) {
      out.writeObjectFieldStart("apiCalls");
      for (Map.Entry<String, Long> calls : result.apiCalls().entrySet()) {
        out.writeNumberField(calls.getKey(), calls.getValue());
      }
      out.writeEndObject();
    }
  }

  private static void pool(JsonGenerator out, PoolTried pool) throws IOException {
    out.writeStartObject();
    text(out, "instanceType", pool.instanceType());
    text(out, "availabilityZone", pool.availabilityZone());
    text(out, "subnetId", pool.subnetId());
    text(out, "price", pool.price());
    text(out, "verdict", pool.verdict());
    text(out, "why", pool.why());
    text(out, "spotRequestId", pool.spotRequestId());
    if (pool.score() != null) {
      out.writeNumberField("score", pool.score());
    }
    text(out, "note", pool.note());
    out.writeEndObject();
  }

  private static void timings(JsonGenerator out, Timings timings) throws IOException {
    out.writeObjectFieldStart("timings");
    number(out, "requestSentMs", timings.requestSentMs());
    number(out, "fulfilledMs", timings.fulfilledMs());
    number(out, "runningMs", timings.runningMs());
    out.writeNumberField("totalMs", timings.totalMs());
    out.writeEndObject();
  }

  private static void strings(JsonGenerator out, String field, List<String> values) throws IOException {
    if (values != null) {
      out.writeArrayFieldStart(field);
      for (String value : values) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
  }

  private static void text(JsonGenerator out, String field, String value) throws IOException {
    if (value != null) {
      out.writeStringField(field, value);
    }
  }

  private static void number(JsonGenerator out, String field, Long value) throws IOException {
    if (value != null) {
      out.writeNumberField(field, value);
    }
  }
}
