package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.spotreplacer.replace.Result;
import java.util.function.Consumer;

/** Where the handler logs each result. */
@FunctionalInterface
public interface ResultLog {

  /** Logs {@code result}, whose JSON is {@code line}, for the invocation {@code context}. */
  void write(Result result, String line, Context context);

  /** The context's logger, as text (local runs). */
  ResultLog CONTEXT_LOGGER = (result, line, context) -> context.getLogger().log(line + "\n");

  /**
   * One JSON document per result, written whole to {@code out} (stdout on Lambda), so that
   * CloudWatch Logs Insights finds every field of it, with the level and request id beside them.
   */
  static ResultLog jsonLines(Consumer<String> out) {
    return (result, line, context) -> out.accept(ResultJson.logRecord(result, context.getAwsRequestId()));
  }
}
