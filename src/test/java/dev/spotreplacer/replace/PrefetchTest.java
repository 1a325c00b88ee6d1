package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.THREE_POOLS;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.aws.ApiCalls;
import dev.spotreplacer.aws.ForwardingEc2Client;
import dev.spotreplacer.aws.IssueTimed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.Ec2Response;

class PrefetchTest {

  /** The steps up to the request, in Replacer's order, over one prefetching client. */
  private static PoolChooser.Ranking stepsBeforeTheRequest(Prefetch prefetch, Settings settings, Flow flow) {
    Original original = new Inspector(prefetch).inspect(OLD).described().orElseThrow();
    assertThat(new Eligibility(prefetch, settings).decide(original)).isInstanceOf(Decision.Eligible.class);
    assertThat(new Replacements(prefetch).find(OLD)).isEmpty();
    new CarryoverFinder(prefetch, Progress.silent()).plan(original, java.util.Optional.empty());
    return new PoolChooser(prefetch, settings, flow.clock).rank(original);
  }

  @Test
  void everyReadAfterDescribeInstances_isAnsweredFromOneParallelRound() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      ApiCalls calls = new ApiCalls();
      try (Prefetch prefetch = new Prefetch(flow.ec2, calls, OLD, allSubnets(), flow.clock, Prefetch.threads())) {
        PoolChooser.Ranking ranking = stepsBeforeTheRequest(prefetch, allSubnets(), flow);

        assertThat(ranking.priced()).extracting(p -> p.pool().availabilityZone())
            .containsExactly("us-east-1b", "us-east-1c", "us-east-1a");
        // Subnets, user data, volumes, earlier-replacement lookups, what to carry over and prices:
        // only DescribeInstances waited. The attached volumes answered both Inspector's by-id read
        // (the root volume) and CarryoverFinder's, so the steps got one answer more than calls were sent.
        assertThat(prefetch.answered()).isEqualTo(calls.total());
        assertThat(calls.snapshot()).containsEntry("DescribeVolumes", 1L);
        assertThat(calls.snapshot()).isEqualTo(flow.emulator.actionCounts());
        // DescribeInstances twice: the instance itself, and the prefetched look for a tagged replacement.
        assertThat(calls.snapshot()).containsEntry("DescribeInstances", 2L).containsEntry("DescribeSubnets", 1L)
            .containsEntry("DescribeSpotPriceHistory", 1L);
      }
    }
  }

  @Test
  void volumeMissingFromTheAttachedList_isStillReadById() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Original expected;
      try (Prefetch plain = new Prefetch(flow.ec2, new ApiCalls(), OLD, allSubnets(), flow.clock, Prefetch.threads())) {
        expected = new Inspector(plain).inspect(OLD).described().orElseThrow();
      }
      ApiCalls calls = new ApiCalls();
      // As if the root volume had been detached between DescribeInstances and the attached-volumes read.
      try (Ec2Client detached = new NoAttachedVolumes(flow.ec2);
          Prefetch prefetch = new Prefetch(detached, calls, OLD, allSubnets(), flow.clock, Prefetch.threads())) {
        Original original = new Inspector(prefetch).inspect(OLD).described().orElseThrow();
        assertThat(new Eligibility(prefetch, allSubnets()).decide(original)).isInstanceOf(Decision.Eligible.class);
        assertThat(new Replacements(prefetch).find(OLD)).isEmpty();
        new CarryoverFinder(prefetch, Progress.silent()).plan(original, java.util.Optional.empty());
        new PoolChooser(prefetch, allSubnets(), flow.clock).rank(original);

        assertThat(expected.spec().blockDevices()).isNotEmpty();
        assertThat(original.spec().blockDevices()).isEqualTo(expected.spec().blockDevices());
        // The prefetched attached volumes (answering CarryoverFinder) and Inspector's own by-id read.
        assertThat(calls.snapshot()).containsEntry("DescribeVolumes", 2L);
        assertThat(prefetch.answered()).isEqualTo(calls.total() - 2);
      }
    }
  }

  /** Answers every DescribeVolumes filtered by attachment with no volumes. */
  private static final class NoAttachedVolumes extends ForwardingEc2Client {

    NoAttachedVolumes(Ec2Client delegate) {
      super(delegate);
    }

    @Override
    protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
      R answer = live.apply(request);
      if (request instanceof DescribeVolumesRequest volumes && !volumes.filters().isEmpty()) {
        @SuppressWarnings("unchecked")
        R none = (R) ((DescribeVolumesResponse) answer).toBuilder().volumes(List.of()).build();
        return none;
      }
      return answer;
    }
  }

  @Test
  void instanceNotOptedIn_costsNoReadBeyondDescribeInstances() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      ApiCalls calls = new ApiCalls();
      Settings settings = Settings.fromEnvironment(Map.of("OPT_IN_TAG", "team=other"));
      try (Prefetch prefetch = new Prefetch(flow.ec2, calls, OLD, settings, flow.clock, Prefetch.threads())) {
        Original original = new Inspector(prefetch).inspect(OLD).described().orElseThrow();

        assertThat(new Eligibility(prefetch, settings).decide(original)).isInstanceOf(Decision.Skip.class);
        assertThat(prefetch.answered()).isZero();
        assertThat(calls.snapshot()).doesNotContainKeys("DescribeSpotInstanceRequests", "DescribeSpotPriceHistory");
      }
    }
  }

  @Test
  void failedPrefetch_reachesTheStepAsItsOwnCallWould() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      Settings settings = Settings.defaults().withSubnetIds(List.of("subnet-0a1", "subnet-0nope"));
      try (Prefetch prefetch = new Prefetch(flow.ec2, new ApiCalls(), OLD, settings, flow.clock, Prefetch.threads())) {
        assertThatThrownBy(() -> stepsBeforeTheRequest(prefetch, settings, flow))
            .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.reason().wireName()).isEqualTo("unknown-subnet"));
      }
    }
  }

  @Test
  void theRoundsReads_areAllIssuedAtOneTime_afterDescribeInstancesAnswered() {
    try (Flow flow = Flow.of(scenario("", THREE_POOLS))) {
      IssueTimes timed = new IssueTimes(flow.ec2);
      Settings settings = Settings.defaults();
      try (Prefetch prefetch = new Prefetch(timed, new ApiCalls(), OLD, settings, flow.clock, Prefetch.threads())) {
        stepsBeforeTheRequest(prefetch, settings, flow);
      }

      // User data, two spot-request reads, the tagged-instance look, address, volumes and prices.
      assertThat(timed.issued).hasSize(7);
      // One time for all of them, however the scheduler ran the threads they were handed to: none
      // waits on another, so none can count as a round trip after another.
      assertThat(timed.issued.values().stream().distinct()).hasSize(1);
      assertThat(timed.issued.values().iterator().next()).isGreaterThanOrEqualTo(timed.describeEnded);
    }
  }

  /** Records the issue time Prefetch gives each call it hands to its threads, and when DescribeInstances ended. */
  private static final class IssueTimes extends ForwardingEc2Client implements IssueTimed {
    final Map<String, Long> issued = new java.util.concurrent.ConcurrentHashMap<>();
    volatile long describeEnded;
    private final ThreadLocal<Long> pending = new ThreadLocal<>();

    IssueTimes(Ec2Client delegate) {
      super(delegate);
    }

    @Override
    public <R> java.util.function.Supplier<R> issuedAt(long nanoTime, java.util.function.Supplier<R> call) {
      return () -> {
        pending.set(nanoTime);
        try {
          return call.get();
        } finally {
          pending.remove();
        }
      };
    }

    @Override
    protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
      Long at = pending.get();
      R answer = live.apply(request);
      if (at != null) {
        issued.put(action + " " + request, at);
      } else if (action.equals("DescribeInstances") && describeEnded == 0) {
        describeEnded = System.nanoTime();
      }
      return answer;
    }
  }

  @Test
  void priceHistory_matchesOnlyAWindowOfTheSameLengthEndingAtMostTwoSecondsLater() {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    DescribeSpotPriceHistoryRequest early = prices(t);

    assertThat(Prefetch.sameRequest(early, prices(t.plusMillis(1500)))).isTrue();
    assertThat(Prefetch.sameRequest(early, prices(t.plusSeconds(3)))).isFalse();
    assertThat(Prefetch.sameRequest(early, prices(t.minusMillis(1)))).isFalse();
    assertThat(Prefetch.sameRequest(early, prices(t).toBuilder().instanceTypesWithStrings("c5.large").build()))
        .isFalse();
  }

  private static DescribeSpotPriceHistoryRequest prices(Instant end) {
    return DescribeSpotPriceHistoryRequest.builder().instanceTypesWithStrings("m5.large")
        .startTime(end.minus(Duration.ofHours(1))).endTime(end).build();
  }
}
