package dev.spotreplacer.bench;

import dev.spotreplacer.aws.ForwardingEc2Client;
import dev.spotreplacer.aws.IssueTimed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.Ec2Response;

/**
 * Times every EC2 call made through it, from any thread: how long at least one call was in flight,
 * and each call's issue, start and end, to find the sequential round trips before the spot request.
 */
final class CallTimes extends ForwardingEc2Client implements IssueTimed {

  /**
   * One call: its action, when the invoking code issued it (its start, unless it was handed to
   * another thread), and when it started and ended, in {@link System#nanoTime()}.
   */
  record Call(String action, long issued, long start, long end) {

    /** A call made on the thread that issued it. */
    Call(String action, long start, long end) {
      this(action, start, start, end);
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final InFlight inFlight = new InFlight();
  /** The issue time of the call the current thread is about to make for another, if any. */
  private final ThreadLocal<Long> issuedElsewhere = new ThreadLocal<>();

  CallTimes(Ec2Client delegate) {
    super(delegate);
  }

  @Override
  protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
    Long issued = issuedElsewhere.get();
    issuedElsewhere.remove();
    long start = inFlight.begin();
    try {
      return live.apply(request);
    } finally {
      long end = inFlight.end();
      synchronized (this) {
        calls.add(new Call(action, issued == null ? start : issued, start, end));
      }
    }
  }

  @Override
  public <R> Supplier<R> issuedAt(long issued, Supplier<R> call) {
    return () -> {
      issuedElsewhere.set(issued);
      try {
        return call.get();
      } finally {
        issuedElsewhere.remove();
      }
    };
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
   * The round trips the code waited for: the longest chain of calls in which each was issued only
   * after the one before it had ended. A call issued with others but started late, because its
   * thread was not scheduled, does not lengthen the chain.
   */
  static int roundTripsByDependency(List<Call> calls) {
    return longestChain(calls, (earlier, later) -> earlier.end() <= later.issued());
  }

  /**
   * The round trips as observed: the longest chain of calls in which each started only after the
   * one before it had ended, whatever made it start late (on busy cores, often the scheduler).
   */
  static int roundTripsObserved(List<Call> calls) {
    return longestChain(calls, (earlier, later) -> earlier.end() <= later.start());
  }

  /** Each call's action and its issue, start and end in ms from the first start, for a progress line. */
  static String describe(List<Call> calls) {
    long t0 = calls.stream().mapToLong(Call::start).min().orElse(0);
    StringBuilder line = new StringBuilder();
    for (Call c : calls) {
      line.append(String.format(java.util.Locale.ROOT, "%s%s issued %.2f, ran %.2f-%.2f", line.length() == 0 ? "" : "; ",
          c.action(), (c.issued() - t0) / 1e6, (c.start() - t0) / 1e6, (c.end() - t0) / 1e6));
    }
    return line.toString();
  }

  private static int longestChain(List<Call> calls, BiPredicate<Call, Call> follows) {
    // Any call another follows ended before that one started, so sorting by start orders every chain.
    List<Call> byStart = new ArrayList<>(calls);
    byStart.sort(Comparator.comparingLong(Call::start).thenComparingLong(Call::end));
    int[] depth = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      depth[i] = 1;
      for (int j = 0; j < i; j++) {
        if (follows.test(byStart.get(j), byStart.get(i))) {
          depth[i] = Math.max(depth[i], depth[j] + 1);
        }
      }
      longest = Math.max(longest, depth[i]);
    }
    return longest;
  }
}
