package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The optional region restriction in template.yaml: off by default, a Deny on every other region when set. */
class RegionRestrictionTest {

  private static JsonNode template() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
  }

  @Test
  void allowedRegions_isOptional_andEmptyByDefault() throws IOException {
    JsonNode parameter = template().at("/Parameters/AllowedRegions");

    assertThat(parameter.path("Type").asText()).isEqualTo("CommaDelimitedList");
    assertThat(parameter.path("Default").asText()).isEmpty();
    assertThat(template().at("/Conditions/HasAllowedRegions").isMissingNode()).isFalse();
  }

  @Test
  void whenSet_everyEc2CallOutsideTheRegionsIsDenied() throws IOException {
    JsonNode restriction = null;
    for (JsonNode policy : template().at("/Resources/ReplacerFunction/Properties/Policies")) {
      for (JsonNode statement : policy.path("Statement")) {
        // Jackson reads "!If [cond, then, else]" as the plain list [cond, then, else].
        if (statement.isArray() && "HasAllowedRegions".equals(statement.path(0).asText())) {
          restriction = statement;
        }
      }
    }

    assertThat(restriction).isNotNull();
    JsonNode deny = restriction.get(1);
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Action").asText()).isEqualTo("ec2:*");
    assertThat(deny.path("Resource").asText()).isEqualTo("*");
    assertThat(deny.at("/Condition/StringNotEquals/aws:RequestedRegion").asText()).isEqualTo("AllowedRegions");
    assertThat(restriction.get(2).asText()).isEqualTo("AWS::NoValue");
  }
}
