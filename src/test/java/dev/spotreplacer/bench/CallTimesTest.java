package dev.spotreplacer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTimesTest {

  /** DescribeInstances from 0 to 10; then eight reads issued together at 10, the last four started late. */
  private static List<CallTimes.Call> oneCallThenEightIssuedTogether() {
    List<CallTimes.Call> calls = new ArrayList<>();
    calls.add(new CallTimes.Call("DescribeInstances", 0, 10));
    for (int i = 0; i < 4; i++) {
      calls.add(new CallTimes.Call("Read" + i, 10, 11, 20));
    }
    // Started only once the first four had ended, as on two busy cores; one even after a late one.
    calls.add(new CallTimes.Call("Read4", 10, 21, 30));
    calls.add(new CallTimes.Call("Read5", 10, 21, 30));
    calls.add(new CallTimes.Call("Read6", 10, 21, 30));
    calls.add(new CallTimes.Call("Read7", 10, 31, 40));
    return calls;
  }

  @Test
  void parallelReadsStartedLate_countOneRoundTripByDependency_butMoreAsObserved() {
    List<CallTimes.Call> calls = oneCallThenEightIssuedTogether();

    assertThat(CallTimes.roundTripsByDependency(calls)).isEqualTo(2);
    assertThat(CallTimes.roundTripsObserved(calls)).isEqualTo(4);
  }

  @Test
  void callIssuedAfterAnotherEnded_followsIt() {
    List<CallTimes.Call> calls = new ArrayList<>(oneCallThenEightIssuedTogether());
    // The spot request's pool choice waited for the prices (Read3), then issued one more read.
    calls.add(new CallTimes.Call("DescribeSubnets", 20, 41, 50));

    assertThat(CallTimes.roundTripsByDependency(calls)).isEqualTo(3);
  }

  @Test
  void callMadeOnItsOwnThread_isIssuedWhenItStarts() {
    CallTimes.Call call = new CallTimes.Call("DescribeInstances", 5, 9);

    assertThat(call.issued()).isEqualTo(5);
  }

  @Test
  void beforeRequest_keepsOnlyCallsStartedBeforeTheSpotRequest() {
    List<CallTimes.Call> calls = List.of(new CallTimes.Call("DescribeInstances", 0, 10),
        new CallTimes.Call("RequestSpotInstances", 12, 20), new CallTimes.Call("DescribeSpotInstanceRequests", 21, 30));

    assertThat(CallTimes.beforeRequest(calls)).extracting(CallTimes.Call::action).containsExactly("DescribeInstances");
  }
}
