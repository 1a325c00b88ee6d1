package dev.spotreplacer.replace;

import dev.spotreplacer.aws.ApiCalls;
import dev.spotreplacer.event.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one invocation has learnt so far; becomes the {@link Result}. Confined to one thread. */
final class Run {

  private final Notice notice;
  private final Clock clock;
  private final Instant start;
  private final ApiCalls calls;
  private final List<PoolTried> poolsTried = new ArrayList<>();
  private Long requestSentMs;
  private Long fulfilledMs;
  private Long runningMs;
  private String spotRequestId;
  private String replacementInstanceId;
  private String instanceType;
  private String availabilityZone;
  private String spotPrice;
  private String state;
  private String lifecycle;
  private String launchStrategy;
  private String launchStrategyReason;
  private Carryover carryover = Carryover.NONE;
  private ElasticIp elasticIp;
  private List<DataVolume> volumes = List.of();
  private List<DataInterface> interfaces = List.of();
  private List<String> volumesPending = List.of();
  private Plan plan;
  private AppliedCap priceCap;

  Run(Notice notice, Clock clock, ApiCalls calls) {
    this(notice, clock, calls, clock.instant());
  }

  /** A run that continues an invocation begun at {@code start}, sharing its call counts. */
  Run(Notice notice, Clock clock, ApiCalls calls, Instant start) {
    this.notice = notice;
    this.clock = clock;
    this.start = start;
    this.calls = calls;
  }

  void tried(PoolTried pool) {
    poolsTried.add(pool);
  }

  void chose(PricedPool pool) {
    instanceType = pool.pool().instanceType();
    availabilityZone = pool.pool().availabilityZone();
    spotPrice = pool.priceText();
  }

  void chose(String type, String zone) {
    instanceType = type;
    availabilityZone = zone;
  }

  void requested(String id) {
    spotRequestId = id;
    if (requestSentMs == null) {
      requestSentMs = elapsedMs();
    }
    state = "open";
  }

  /** A request an earlier delivery made: no request time of ours to report. */
  void resumed(String id) {
    spotRequestId = id;
    state = "open";
  }

  void fulfilled(String instanceId) {
    replacementInstanceId = instanceId;
    fulfilledMs = elapsedMs();
    state = "pending";
  }

  void running() {
    runningMs = elapsedMs();
    state = "running";
  }

  /** The call that launched the replacement and how it is paid for. */
  void launched(String strategy, String paidAs) {
    launched(strategy, paidAs, null);
  }

  /** As {@link #launched(String, String)}, with why the default RequestSpotInstances was not used. */
  void launched(String strategy, String paidAs, String why) {
    launchStrategy = strategy;
    lifecycle = paidAs;
    launchStrategyReason = why;
  }

  void state(String value) {
    state = value;
  }

  String state() {
    return state;
  }

  /**
   * When EC2 reclaims the interrupted instance: two minutes after an interruption warning. Unknown
   * (null) for other notices: a rebalance recommendation gives no time.
   */
  Instant interruptionTime() {
    return notice.kind() == dev.spotreplacer.event.NoticeKind.INTERRUPTION_WARNING
        ? notice.time().plus(INTERRUPTION_NOTICE) : null;
  }

  private static final Duration INTERRUPTION_NOTICE = Duration.ofMinutes(2);

  /** The region of the notice, which is the instance's. */
  String region() {
    return notice.region();
  }

  String spotRequestId() {
    return spotRequestId;
  }

  String replacementInstanceId() {
    return replacementInstanceId;
  }

  void carryover(Carryover value) {
    carryover = value;
  }

  Carryover carryover() {
    return carryover;
  }

  /** The cap the candidate pools were held to; nothing is recorded when none is set. */
  void cap(PriceCap cap) {
    priceCap = cap.isSet() ? new AppliedCap(cap.text(), cap.source()) : null;
  }

  /** The launch plan this run follows; null in a dry run or for a replacement made before plans. */
  void plan(Plan value) {
    plan = value;
  }

  Plan plan() {
    return plan;
  }

  /** The Elastic IP now on the replacement. */
  void elasticIp(ElasticIp value) {
    elasticIp = value;
  }

  ElasticIp elasticIp() {
    return elasticIp;
  }

  /** The data volumes now attached to the replacement. */
  void volumes(List<DataVolume> value) {
    volumes = List.copyOf(value);
  }

  List<DataVolume> volumes() {
    return volumes;
  }

  /** The secondary network interfaces now attached to the replacement. */
  void interfaces(List<DataInterface> value) {
    interfaces = List.copyOf(value);
  }

  List<DataInterface> interfaces() {
    return interfaces;
  }

  void volumesPending(List<String> value) {
    volumesPending = List.copyOf(value);
  }

  long elapsedMs() {
    return Duration.between(start, clock.instant()).toMillis();
  }

  /** Pool {@code index} was chosen (or would be, in a dry run); those after it were not tried. */
  void chosePool(List<PricedPool> pools, int index, String spotRequestId) {
    tried(PoolTried.of(pools.get(index), "chosen", null, spotRequestId));
    chose(pools.get(index));
    notTried(pools, index + 1);
  }

  /** Pools from {@code from} on were not tried: an earlier one was chosen, or the run ended. */
  void notTried(List<PricedPool> pools, int from) {
    for (int j = from; j < pools.size(); j++) {
      tried(PoolTried.of(pools.get(j), "not-tried", null, null));
    }
  }

  /** The budget ran out with pools still to try. */
  Result outOfTime(List<PricedPool> pools, int from) {
    notTried(pools, from);
    return finish(Outcome.FAILED, Reason.Code.OUT_OF_TIME, "the time budget ran out before a pool could be tried");
  }

  /** The request is still open at the time limit: a re-delivery resumes watching it. */
  Result requestStillOpen(String id, String code) {
    return finish(Outcome.PENDING, Reason.Code.REQUEST_OPEN, "spot request " + id + " is still open ("
        + code + ") at the time limit; a re-delivery resumes watching it");
  }

  Result finish(Outcome outcome, Reason reason, String message) {
    return Result.of(outcome, reason, message)
        .interruptedInstanceId(notice.instanceId())
        .replacementInstanceId(replacementInstanceId)
        .spotRequestId(spotRequestId)
        .instanceType(instanceType)
        .availabilityZone(availabilityZone)
        .spotPrice(spotPrice)
        .state(state)
        .eventId(notice.eventId())
        .poolsTried(poolsTried)
        .timings(new Timings(requestSentMs, fulfilledMs, runningMs, elapsedMs()))
        .apiCalls(calls.snapshot())
        .launched(lifecycle, launchStrategy, launchStrategyReason)
        .elasticIp(elasticIp)
        .volumes(volumes.isEmpty() ? null : volumes)
        .volumesPending(volumesPending.isEmpty() ? null : volumesPending)
        .priceCap(priceCap)
        .build();
  }
}
