package dev.spotreplacer.replace;

/**
 * Which results should make the invocation fail on purpose so that Lambda delivers the event
 * again: a replacement still under way, or a failure EC2 itself caused for a while (throttling,
 * outages). A re-delivery resumes by tag, so retrying never launches a second replacement.
 */
public final class Retryable {

  private Retryable() {}

  public static boolean worthRetrying(Result result) {
    return result.outcome() == Outcome.PENDING || transientFailure(result);
  }

  /** Failed because of EC2's state for the moment (throttling, an outage), not because of the request. */
  public static boolean transientFailure(Result result) {
    return result.outcome() == Outcome.FAILED && result.reason().retryHelps();
  }
}
