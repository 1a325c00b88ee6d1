package dev.spotreplacer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The mapper-free reader gives the tree ObjectMapper.readTree gives, errors included. */
class EventJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void everySampleEvent_readsAsTheMapperReadsIt() throws Exception {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Path.of("events"))) {
      samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(samples).hasSizeGreaterThan(3);
    for (Path sample : samples) {
      byte[] bytes = Files.readAllBytes(sample);
      assertThat(EventJson.read(bytes)).as(sample.toString()).isEqualTo(mapper.readTree(bytes));
    }
  }

  @Test
  void everyKindOfValue_keepsItsType() throws Exception {
    byte[] json = "{\"s\":\"x\",\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":0.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{}}"
        .getBytes(StandardCharsets.UTF_8);

    assertThat(EventJson.read(json)).isEqualTo(mapper.readTree(json));
  }

  @Test
  void emptyInput_isAMissingNode() throws Exception {
    assertThat(EventJson.read(new byte[0]).isMissingNode()).isTrue();
  }

  @Test
  void brokenJson_failsWithItsLineAndColumn() {
    byte[] broken = "{\n  \"source\": \"aws.ec2\",\n  \"detail\": {\"instance-id\": }\n}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> EventJson.read(broken)).isInstanceOf(JsonProcessingException.class)
        .satisfies(e -> assertThat(((JsonProcessingException) e).getLocation().getLineNr()).isEqualTo(3));
  }

  @Test
  void truncatedJson_failsInsteadOfReturningPart() {
    assertThatThrownBy(() -> EventJson.read("{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class);
  }
}
