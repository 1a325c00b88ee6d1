package dev.spotreplacer.bench;

import dev.spotreplacer.aws.ForwardingEc2Client;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.Ec2Response;

/**
 * Times every EC2 call made through it, from any thread: how long at least one call was in flight,
 * and each call's start and end, to find the sequential round trips before the spot request.
 */
final class CallTimes extends ForwardingEc2Client {

  /** One call: its action and when it started and ended, in {@link System#nanoTime()}. */
  record Call(String action, long start, long end) {}

  private final List<Call> calls = new ArrayList<>();
  private final InFlight inFlight = new InFlight();

  CallTimes(Ec2Client delegate) {
    super(delegate);
  }

  @Override
  protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
    long start = inFlight.begin();
    try {
      return live.apply(request);
    } finally {
      long end = inFlight.end();
      synchronized (this) {
        calls.add(new Call(action, start, end));
      }
    }
  }

  /** Nanoseconds during which at least one call was in flight since the last reset. */
  long busyNanos() {
    return inFlight.busyNanos();
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized void reset() {
    calls.clear();
    inFlight.reset();
  }

  /** EC2 calls started before RequestSpotInstances was sent. */
  static List<Call> beforeRequest(List<Call> calls) {
    long request = calls.stream().filter(c -> c.action().equals("RequestSpotInstances"))
        .mapToLong(Call::start).min().orElse(Long.MAX_VALUE);
    return calls.stream().filter(c -> c.start() < request && !c.action().equals("RequestSpotInstances")).toList();
  }

  /**
   * The longest chain of calls in which each started only after the one before it had ended:
   * the round trips that could not overlap.
   */
  static int sequentialRoundTrips(List<Call> calls) {
    List<Call> byStart = new ArrayList<>(calls);
    byStart.sort((a, b) -> Long.compare(a.start(), b.start()));
    int[] depth = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      depth[i] = 1;
      for (int j = 0; j < i; j++) {
        if (byStart.get(j).end() <= byStart.get(i).start()) {
          depth[i] = Math.max(depth[i], depth[j] + 1);
        }
      }
      longest = Math.max(longest, depth[i]);
    }
    return longest;
  }
}
