package dev.spotreplacer.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {

  private final EventParser parser = new EventParser();

  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(Path.of("events", name));
  }

  private Notice parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String warning(String detail) {
    return "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T10:00:00Z\","
        + "\"region\":\"us-east-2\",\"resources\":[],\"detail\":" + detail + "}";
  }

  @Test
  void sampleWarning_loadsAsTheRuntimeLoadsIt_andParsesToANotice() throws IOException {
    ScheduledEvent asRuntime = EventLoader.loadScheduledEvent("events/spot-interruption-warning.json");
    assertThat(asRuntime.getDetailType()).isEqualTo("EC2 Spot Instance Interruption Warning");

    Notice notice = parser.parse(sample("spot-interruption-warning.json"));

    assertThat(notice).isEqualTo(new Notice(NoticeKind.INTERRUPTION_WARNING,
        "12345678-1234-1234-1234-123456789012", "i-1234567890abcdef0", InstanceAction.TERMINATE,
        "us-east-2", "123456789012", Instant.parse("2026-11-23T10:00:00Z"), null));
  }

  @Test
  void sampleRebalance_parsesWithNoAction() throws IOException {
    Notice notice = parser.parse(sample("rebalance-recommendation.json"));

    assertThat(notice.kind()).isEqualTo(NoticeKind.REBALANCE_RECOMMENDATION);
    assertThat(notice.action()).isEqualTo(InstanceAction.NONE);
    assertThat(notice.instanceId()).isEqualTo("i-1234567890abcdef0");
  }

  @Test
  void sampleMalformed_namesTheMissingInstanceId() throws IOException {
    assertThatThrownBy(() -> parser.parse(sample("malformed-missing-instance-id.json")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail.instance-id is missing: every EventBridge event from EC2 has it")
        .extracting(e -> ((InvalidEventException) e).field()).isEqualTo("detail.instance-id");
  }

  @Test
  void stateChange_carriesTheNewState() {
    Notice notice = parse(warning("{\"instance-id\":\"i-0123456789abcdef0\",\"state\":\"terminated\"}")
        .replace("EC2 Spot Instance Interruption Warning", "EC2 Instance State-change Notification"));

    assertThat(notice.kind()).isEqualTo(NoticeKind.STATE_CHANGE);
    assertThat(notice.stateName()).contains("terminated");
  }

  @Test
  void notJson_saysSoWithThePosition() {
    assertThatThrownBy(() -> parse("{\"source\": aws.ec2}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("the input is not valid JSON (line 1, column ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "\"text\"", "null"})
  void notAnObject_isRefused(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("expected a JSON object (an EventBridge event)");
  }

  @Test
  void otherSource_isUnsupportedNotInvalid() {
    assertThatThrownBy(() -> parse(warning("{}").replace("\"aws.ec2\"", "\"aws.s3\"")))
        .isInstanceOf(UnsupportedEventException.class)
        .hasMessage("not handled: source 'aws.s3', detail-type 'EC2 Spot Instance Interruption Warning'");
  }

  @Test
  void otherDetailType_isUnsupported() {
    assertThatThrownBy(() -> parse(warning("{}").replace("EC2 Spot Instance Interruption Warning", "EC2 Spot Instance Request Fulfillment")))
        .isInstanceOf(UnsupportedEventException.class);
  }

  @Test
  void instanceIdOfWrongShape_isNamed() {
    assertThatThrownBy(() -> parse(warning("{\"instance-id\":\"i-XYZ\",\"instance-action\":\"terminate\"}")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail.instance-id 'i-XYZ' is not an EC2 instance id (i- followed by 8 or 17 hex digits,"
            + " e.g. i-1234567890abcdef0)");
  }

  @Test
  void unknownAction_isNamed() {
    assertThatThrownBy(() -> parse(warning("{\"instance-id\":\"i-0123456789abcdef0\",\"instance-action\":\"reboot\"}")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("detail.instance-action 'reboot' is not one of terminate, stop, hibernate");
  }

  @Test
  void stopAction_isParsed() {
    Notice notice = parse(warning("{\"instance-id\":\"i-0123456789abcdef0\",\"instance-action\":\"stop\"}"));

    assertThat(notice.action()).isEqualTo(InstanceAction.STOP);
  }

  @Test
  void detailNotAnObject_isNamed() {
    assertThatThrownBy(() -> parse(warning("\"i-0123456789abcdef0\"")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("detail must be an object, got string");
  }

  @Test
  void badTime_isNamed() {
    assertThatThrownBy(() -> parse(warning("{}").replace("2026-11-23T10:00:00Z", "yesterday")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("time 'yesterday' is not an ISO-8601 UTC time such as 2026-11-23T10:00:00Z");
  }

  @Test
  void badRegionAndAccount_areNamed() {
    assertThatThrownBy(() -> parse(warning("{}").replace("us-east-2", "mars")))
        .hasMessage("region 'mars' is not an AWS region such as us-east-2");
    assertThatThrownBy(() -> parse(warning("{}").replace("123456789012", "12")))
        .hasMessage("account '12' is not a 12-digit AWS account id");
  }

  @Test
  void longGarbage_isShortenedInTheMessage() {
    String garbage = "i-" + "z".repeat(500);
    assertThatThrownBy(() -> parse(warning("{\"instance-id\":\"" + garbage + "\",\"instance-action\":\"terminate\"}")))
        .hasMessageContaining("...'")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }
}
