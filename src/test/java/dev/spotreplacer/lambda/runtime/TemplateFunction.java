package dev.spotreplacer.lambda.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function as template.yaml declares it: handler, code, timeout, memory, log format,
 * SnapStart, and its environment with every parameter at its default. The harness takes all of
 * it from here, so a template that disagrees with the code breaks the harness.
 */
public record TemplateFunction(String handler, String runtime, Path codeUri, Duration timeout, int memoryMb,
    String logFormat, boolean snapStart, Map<String, String> environment) {

  /** Reads {@code ReplacerFunction} out of {@code template}. */
  public static TemplateFunction read(Path template) throws IOException {
    // Jackson's YAML reader drops CloudFormation's tags, so "!Ref Name" reads as "Name".
    template = template.toAbsolutePath();
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(template.toFile());
    JsonNode globals = root.path("Globals").path("Function");
    JsonNode function = root.path("Resources").path("ReplacerFunction").path("Properties");
    JsonNode parameters = root.path("Parameters");
    Map<String, String> environment = new LinkedHashMap<>();
    function.path("Environment").path("Variables").fields().forEachRemaining(variable -> {
      String value = variable.getValue().asText();
      JsonNode parameter = parameters.path(value);
      environment.put(variable.getKey(), parameter.isMissingNode() ? value : parameter.path("Default").asText());
    });
    return new TemplateFunction(
        function.path("Handler").asText(),
        function.path("Runtime").asText(globals.path("Runtime").asText()),
        template.getParent().resolve(function.path("CodeUri").asText()).normalize(),
        Duration.ofSeconds(function.path("Timeout").asLong(globals.path("Timeout").asLong(3))),
        function.path("MemorySize").asInt(globals.path("MemorySize").asInt(128)),
        function.path("LoggingConfig").path("LogFormat").asText("Text"),
        "PublishedVersions".equals(function.path("SnapStart").path("ApplyOn").asText()),
        Map.copyOf(environment));
  }
}
