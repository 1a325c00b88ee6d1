package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which spot request states end a pool (try the next), end the replacement, or mean "keep watching". */
class SpotStatusTest {

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource({
      // The pool cannot serve it now: cancel and try the next pool.
      "open, capacity-not-available, POOL_REJECTED",
      "open, capacity-oversubscribed, POOL_REJECTED",
      "open, price-too-low, POOL_REJECTED",
      "open, limit-exceeded, POOL_REJECTED",
      "open, az-group-constraint, POOL_REJECTED",
      "open, placement-group-constraint, POOL_REJECTED",
      "open, constraint-not-fulfillable, POOL_REJECTED",
      "open, not-scheduled-yet, POOL_REJECTED",
      "cancelled, canceled-before-fulfillment, POOL_REJECTED",
      // Still on its way.
      "open, pending-evaluation, WAITING",
      "open, pending-fulfillment, WAITING",
      "open, some-new-code, WAITING",
      "active, pending-fulfillment, WAITING",
      // The request itself is wrong or over: another pool would not help.
      "failed, bad-parameters, TERMINAL",
      "failed, pending-evaluation, TERMINAL",
      "closed, schedule-expired, TERMINAL",
      "closed, system-error, TERMINAL",
      "cancelled, request-canceled-and-instance-running, TERMINAL",
      "closed, instance-terminated-no-capacity, TERMINAL",
  })
  void withoutAnInstance(String state, String code, SpotStatus expected) {
    assertThat(SpotStatus.of(state, code, null)).isEqualTo(expected);
    assertThat(SpotStatus.of(state, code, "")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} / {1} with an instance -> FULFILLED")
  @CsvSource({"active, fulfilled", "cancelled, request-canceled-and-instance-running", "open, capacity-not-available"})
  void anInstance_meansFulfilled_whateverTheCode(String state, String code) {
    assertThat(SpotStatus.of(state, code, "i-0123456789abcdef0")).isEqualTo(SpotStatus.FULFILLED);
  }
}
