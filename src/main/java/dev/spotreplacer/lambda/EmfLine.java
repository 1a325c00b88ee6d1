package dev.spotreplacer.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Retryable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One CloudWatch Embedded Metric Format line per result: CloudWatch Logs turns it into metrics in
 * the {@value #NAMESPACE} namespace.
 *
 * <ul>
 *   <li>{@code Replacements}, {@code Skips}, {@code Failures}, {@code TransientFailures},
 *       {@code Pending}, {@code DryRuns} (Count, 1 per invocation, by {@code Reason} and in total);
 *       {@code Failures} counts only what a retry cannot heal, so its alarm means a person is needed;
 *   <li>{@code TimeToRequest}, {@code TimeToRunning} (Milliseconds), when reached;
 *   <li>{@code SpotPrice} (None, USD/hour in force) by {@code InstanceType}, when a pool was chosen.
 * </ul>
 *
 * <p>Written by hand with Jackson's tree and streaming API rather than with powertools-metrics: measured on a
 * fresh JVM, the library's first flush cost about 340 ms and 570 more classes, against about 6 ms
 * for this (docs/operations.md).
 */
public final class EmfLine {

  public static final String NAMESPACE = "SpotReplacer";

  public EmfLine() {}

  /** The line for {@code result}, stamped {@code now}; ids ride along for Logs Insights, tag values never. */
  public String of(Result result, Instant now) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", now.toEpochMilli());
    ArrayNode directives = aws.putArray("CloudWatchMetrics");

    String count = countName(result);
    ObjectNode byReason = directive(directives);
    ArrayNode reasonDims = byReason.putArray("Dimensions");
    reasonDims.addArray().add("Reason");
    reasonDims.addArray();
    metric(byReason, count, "Count");
    root.put("Reason", result.reason().wireName());
    root.put(count, 1);

    Long requested = result.timings() == null ? null : result.timings().requestSentMs();
    Long running = result.timings() == null ? null : result.timings().runningMs();
    if (requested != null || running != null) {
      ObjectNode timings = directive(directives);
      timings.putArray("Dimensions").addArray();
      if (requested != null) {
        metric(timings, "TimeToRequest", "Milliseconds");
        root.put("TimeToRequest", requested);
      }
      if (running != null) {
        metric(timings, "TimeToRunning", "Milliseconds");
        root.put("TimeToRunning", running);
      }
    }
    if (result.spotPrice() != null && result.instanceType() != null) {
      ObjectNode price = directive(directives);
      price.putArray("Dimensions").addArray().add("InstanceType");
      metric(price, "SpotPrice", "None");
      root.put("InstanceType", result.instanceType());
      root.put("SpotPrice", new BigDecimal(result.spotPrice()));
    }

    root.put("outcome", result.outcome().wireName());
    putIfPresent(root, "eventId", result.eventId());
    putIfPresent(root, "interruptedInstanceId", result.interruptedInstanceId());
    putIfPresent(root, "replacementInstanceId", result.replacementInstanceId());
    putIfPresent(root, "spotRequestId", result.spotRequestId());
    return Json.write(root);
  }

  static String countName(Result result) {
    return switch (result.outcome()) {
      case REPLACED -> "Replacements";
      case SKIPPED -> "Skips";
      // A transient failure is a function error: Lambda retries it, and the failed-events queue
      // (with its own alarm) gets it if the retries fail too.
      case FAILED -> Retryable.transientFailure(result) ? "TransientFailures" : "Failures";
      case PENDING -> "Pending";
      case DRY_RUN -> "DryRuns";
    };
  }

  private static ObjectNode directive(ArrayNode directives) {
    ObjectNode directive = directives.addObject();
    directive.put("Namespace", NAMESPACE);
    return directive;
  }

  private static void metric(ObjectNode directive, String name, String unit) {
    ArrayNode metrics = directive.has("Metrics") ? (ArrayNode) directive.get("Metrics") : directive.putArray("Metrics");
    metrics.addObject().put("Name", name).put("Unit", unit);
  }

  private static void putIfPresent(ObjectNode root, String field, String value) {
    if (value != null) {
      root.put(field, value);
    }
  }
}
