package dev.spotreplacer.lambda;

import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Reason;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;

/** The result of a replacement of i-old by i-new in us-east-1b, for the output documents' tests. */
final class SampleResults {

  private SampleResults() {}

  /** Every field a replacement sets before its pools, calls and handover, ready for more. */
  static Result.Builder replacement(Outcome outcome, Reason reason, String message) {
    return Result.of(outcome, reason, message)
        .interruptedInstanceId("i-old")
        .replacementInstanceId("i-new")
        .spotRequestId("sir-1")
        .instanceType("m5.large")
        .availabilityZone("us-east-1b")
        .spotPrice("0.031000")
        .state("running")
        .eventId("evt-1")
        .timings(new Timings(120L, 3100L, 45000L, 45010));
  }
}
