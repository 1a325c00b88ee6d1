package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Throttling, injected faults, slow answers and denied actions, seen through the real SDK client. */
class ConditionsTest {

  private static EmulatorFixture start(Conditions conditions) {
    return EmulatorFixture.start(Scenario.defaultFor(EmulatorFixture.INSTANCE_ID, EmulatorFixture.REGION)
        .withConditions(conditions));
  }

  private static int successes(int calls, Runnable call) {
    int ok = 0;
    for (int i = 0; i < calls; i++) {
      try {
        call.run();
        ok++;
      } catch (Ec2Exception e) {
        if (!"RequestLimitExceeded".equals(e.awsErrorDetails().errorCode())) {
          ok++; // answered (an error about the request itself): a token was spent
          continue;
        }
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Request limit exceeded.");
      }
    }
    return ok;
  }

  @Test
  void unfilteredDescribeInstances_hasA50TokenBucketRefilledAt10PerSecond() {
    try (EmulatorFixture f = start(Conditions.NONE.withThrottling(true))) {
      Runnable describe = () -> f.ec2.describeInstances(b -> b.instanceIds(EmulatorFixture.INSTANCE_ID));

      assertThat(successes(60, describe)).isEqualTo(50);
      f.advance(1);
      assertThat(successes(20, describe)).isEqualTo(10);
      assertThat(f.emulator.throttledCalls()).isEqualTo(20);
    }
  }

  @Test
  void filteredDescribeCalls_haveTheirOwnBiggerBucket() {
    try (EmulatorFixture f = start(Conditions.NONE.withThrottling(true))) {
      successes(50, () -> f.ec2.describeInstances(b -> b.instanceIds(EmulatorFixture.INSTANCE_ID)));

      int filtered = successes(110, () -> f.ec2.describeInstances(b -> b.filters(
          x -> x.name("instance-state-name").values("running"))));

      assertThat(filtered).isEqualTo(100);
    }
  }

  @Test
  void spotRequests_haveA50TokenBucketRefilledAt5PerSecond() {
    try (EmulatorFixture f = start(Conditions.NONE.withThrottling(true))) {
      // Cancelling an unknown request is answered (not throttled) and spends a token all the same.
      Runnable cancel = () -> f.ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds("sir-00000000"));

      int first = successes(55, cancel);
      f.advance(2);
      int later = successes(15, cancel);

      assertThat(first).isEqualTo(50);
      assertThat(later).isEqualTo(10);
    }
  }

  @Test
  void withoutThrottling_nothingIsThrottled() {
    try (EmulatorFixture f = EmulatorFixture.startDefault()) {
      assertThat(successes(120, () -> f.ec2.describeInstances(b -> b.instanceIds(EmulatorFixture.INSTANCE_ID))))
          .isEqualTo(120);
    }
  }

  @Test
  void deniedAction_answersUnauthorizedOperationNamingIt() {
    try (EmulatorFixture f = start(Conditions.NONE.withDeny(Set.of("DescribeInstances")))) {
      assertThatThrownBy(() -> f.ec2.describeInstances(b -> { }))
          .isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("You are not authorized to perform this"
                + " operation. User: arn:aws:sts::123456789012:assumed-role/spot-replacer/session is not authorized"
                + " to perform: ec2:DescribeInstances because no identity-based policy allows the"
                + " ec2:DescribeInstances action");
          });
      assertThat(f.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void injectedFaults_areSeeded_soTheSameSeedFailsTheSameCalls() {
    assertThat(faultPattern(11)).isEqualTo(faultPattern(11)).isNotEqualTo(faultPattern(12));
  }

  private static String faultPattern(long seed) {
    StringBuilder pattern = new StringBuilder();
    try (EmulatorFixture f = start(Conditions.NONE.withFaults(0.3, 0, seed))) {
      for (int i = 0; i < 40; i++) {
        try {
          f.ec2.describeSubnets(b -> { });
          pattern.append('.');
        } catch (Ec2Exception e) {
          assertThat(e.statusCode()).isIn(500, 503);
          assertThat(e.awsErrorDetails().errorCode()).isIn("InternalError", "Unavailable");
          pattern.append('x');
        }
      }
      assertThat(f.emulator.injectedFaults()).isEqualTo(pattern.chars().filter(c -> c == 'x').count());
    }
    return pattern.toString();
  }

  @Test
  void aLostAnswer_stillRanTheAction() {
    try (EmulatorFixture f = start(Conditions.NONE.withFaults(1.0, 0, 3))) {
      int faults = 0;
      for (int i = 0; i < 8; i++) {
        String key = "k" + i;
        try {
          f.ec2.createTags(b -> b.resources(EmulatorFixture.INSTANCE_ID).tags(t -> t.key(key).value("v")));
        } catch (Ec2Exception e) {
          faults++;
        }
      }

      assertThat(faults).isEqualTo(8);
      // Faults after the action: the tag exists although the call "failed"; before it: it does not.
      long applied = f.emulator.instance(EmulatorFixture.INSTANCE_ID).orElseThrow().tags().keySet().stream()
          .filter(k -> k.matches("k\\d")).count();
      assertThat(applied).isBetween(1L, 7L);
    }
  }

  @Test
  void slowAnswers_takeVirtualTime() {
    try (EmulatorFixture f = start(Conditions.NONE.withFaults(0, 1.0, 5))) {
      f.ec2.describeSubnets(b -> { });

      assertThat(f.clock.instant()).isEqualTo(EmulatorFixture.START.plus(Duration.ofSeconds(2)));
      assertThat(f.emulator.slowAnswers()).isEqualTo(1);
    }
  }

  @Test
  void scenarioJson_readsConditions_andNamesBadFields() {
    Scenario scenario = Scenario.fromJson("""
        {"region": "us-east-1", "throttling": true, "deny": ["RequestSpotInstances"],
         "spotServiceLinkedRole": false, "faults": {"rate": 0.05, "slowRate": 0.1, "slowSeconds": 3, "seed": 9}}""");

    assertThat(scenario.conditions()).isEqualTo(new Conditions(true, 0.05, 0.1, Duration.ofSeconds(3), 9,
        Set.of("RequestSpotInstances"), false));
    assertThat(Scenario.fromJson("{\"region\": \"us-east-1\"}").conditions()).isEqualTo(Conditions.NONE);
    assertThatThrownBy(() -> Scenario.fromJson("{\"region\": \"us-east-1\", \"faults\": {\"rate\": 2}}"))
        .hasMessage("faults.rate 2.0 must be between 0 and 1");
    assertThatThrownBy(() -> Scenario.fromJson("{\"region\": \"us-east-1\", \"faults\": {\"often\": 1}}"))
        .hasMessage("faults.often is not a known field; known fields are [rate, seed, slowRate, slowSeconds]");
    assertThatThrownBy(() -> Scenario.fromJson("{\"region\": \"us-east-1\", \"deny\": [3]}"))
        .hasMessage("deny[0] must be an EC2 action name such as RequestSpotInstances");
    assertThatThrownBy(() -> Scenario.fromJson("{\"region\": \"us-east-1\", \"throttling\": \"yes\"}"))
        .hasMessage("throttling must be true or false");
  }
}
