package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reason codes: unique on the wire, read back as what they were, and retried only where a retry can help. */
class ReasonTest {

  @Test
  void everyCode_hasItsOwnWireName() {
    List<String> names = Arrays.stream(Reason.Code.values()).map(Reason::wireName).toList();

    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"));
  }

  @Test
  void wireNames_readBackAsTheSameReason() {
    for (Reason.Code code : Reason.Code.values()) {
      assertThat(Reason.fromWire(code.wireName())).isSameAs(code);
    }
    assertThat(Reason.fromWire("original-terminated"))
        .isEqualTo(new Reason.InstanceGone(Reason.InstanceGone.Which.ORIGINAL, "terminated"));
    assertThat(Reason.fromWire("replacement-shutting-down").wireName()).isEqualTo("replacement-shutting-down");
    assertThat(Reason.fromWire("capacity-not-available")).isEqualTo(Reason.ec2("capacity-not-available"));
  }

  @Test
  void aRetryHelps_onlyWhatIsUnderWayOrEc2sPassingTrouble() {
    List<String> retried = Arrays.stream(Reason.Code.values()).filter(Reason::retryHelps).map(Reason::wireName)
        .toList();

    assertThat(retried).containsExactlyInAnyOrder("request-open", "instance-not-running-yet", "elastic-ip-waiting",
        "volumes-in-use", "throttled", "ec2-unavailable", "ec2-unreachable");
    assertThat(Reason.ec2("capacity-not-available").retryHelps()).isFalse();
    assertThat(new Reason.InstanceGone(Reason.InstanceGone.Which.REPLACEMENT, "terminated").retryHelps()).isFalse();
  }

  @Test
  void onlyAFailureARetryCanHeal_isRetriedInTheInvocation() {
    Result throttled = Result.of(Outcome.FAILED, Reason.Code.THROTTLED, "m").build();
    Result denied = Result.of(Outcome.FAILED, Reason.Code.MISSING_PERMISSION, "m").build();
    Result waiting = Result.of(Outcome.PENDING, Reason.Code.VOLUMES_IN_USE, "m").build();

    assertThat(Retryable.transientFailure(throttled)).isTrue();
    assertThat(Retryable.transientFailure(denied)).isFalse();
    assertThat(Retryable.transientFailure(waiting)).isFalse();
    assertThat(Retryable.worthRetrying(waiting)).isTrue();
    assertThat(Retryable.worthRetrying(denied)).isFalse();
  }

  @Test
  void everyCode_isExplainedInTheReadmesTroubleshootingTable() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    String table = readme.substring(readme.indexOf("## Troubleshooting"), readme.indexOf("## Links"));

    assertThat(Arrays.stream(Reason.Code.values()).map(Reason::wireName))
        .allSatisfy(code -> assertThat(table).as("README Troubleshooting explains %s", code).contains(code));
  }
}
