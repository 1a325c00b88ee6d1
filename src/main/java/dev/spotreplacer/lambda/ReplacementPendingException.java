package dev.spotreplacer.lambda;

import dev.spotreplacer.replace.Result;

/** Thrown after a pending (or transiently failed) result is logged, so that Lambda's retry resumes. */
public final class ReplacementPendingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Result result;

  public ReplacementPendingException(Result result) {
    super("replacement for " + result.interruptedInstanceId()
        + (result.outcome() == dev.spotreplacer.replace.Outcome.PENDING ? " is pending (" : " failed for now (")
        + result.reason() + ", request "
        + result.spotRequestId() + "): " + result.message());
    this.result = result;
  }

  public Result result() {
    return result;
  }
}
