package dev.spotreplacer.replace;

import dev.spotreplacer.aws.ApiCalls;
import dev.spotreplacer.aws.CountingEc2Client;
import dev.spotreplacer.aws.ForwardingEc2Client;
import dev.spotreplacer.aws.IssueTimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSpotInstanceRequestsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.Ec2Response;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Starts the EC2 reads one replacement will need as soon as their inputs are known, in parallel,
 * and answers the steps' identical calls from them, so that the steps stay sequential and simple.
 *
 * <p>Critical path before {@code RequestSpotInstances}: DescribeInstances (with DescribeSubnets beside
 * it when SUBNET_IDS is set), then one parallel round of user data, volumes, the persistent-request
 * check, the earlier-replacement lookups (request and instance), the Elastic IP and attached
 * volumes to carry over, and the price history. The volumes Inspector asks for by id are served from
 * the attached volumes CarryoverFinder reads (see {@link AttachedVolumes}), so one DescribeVolumes
 * does for both, and only a volume that answer lacks costs the step its own call. The round starts
 * only for an instance {@link Eligibility} would not turn away on its tags and lifecycle, so the common skips
 * cost no extra call; a persistent or resumed request wastes at most the lookup and the prices.
 *
 * <p>A step's call is answered from a prefetch only when its request equals the prefetched one
 * (the price history may be up to {@link #PRICE_SLACK} older); anything else goes to EC2 as before,
 * so a step that changes its request loses speed, never correctness. Errors reach the step as the
 * SDK threw them, so its error translation is unchanged. Calls are counted when sent.
 */
final class Prefetch extends ForwardingEc2Client implements AutoCloseable {

  /** How much older than the chooser's own window a prefetched price list may be: one round trip. */
  static final Duration PRICE_SLACK = Duration.ofSeconds(2);
  private static final int THREADS = 6;
  /** The most reads one round sends: subnets, user data, two spot requests, instances, address, volumes, prices. */
  private static final int ROUND = 8;

  private final Ec2Client ec2;
  private final ApiCalls calls;
  private final String instanceId;
  private final Settings settings;
  private final Clock clock;
  private final Executor executor;
  private final List<Pending<?>> pending = new ArrayList<>();
  private boolean inspected;
  private int answered;

  /** One prefetched call, answered once; an empty answer sends the step's call to EC2 after all. */
  private record Pending<R>(String action, Ec2Request request, CompletableFuture<Optional<R>> answer) {}

  /**
   * Threads for the prefetches of every invocation that shares them: none kept once idle for
   * 30 s, a round's worth started while DescribeInstances is in flight (see {@link #call}), more only
   * when a round needs more than are alive (starting them is the dearest part of a warm invocation);
   * past the cap, a call runs on the invocation's thread, as it would have anyway.
   */
  static ExecutorService threads() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(ROUND, 4 * THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, "spot-replacer-prefetch");
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** {@code ec2} is the shared client; calls are counted in {@code calls}, prefetched or not. */
  Prefetch(Ec2Client ec2, ApiCalls calls, String instanceId, Settings settings, Clock clock, Executor executor) {
    super(CountingEc2Client.wrap(ec2, calls));
    this.executor = executor;
    this.ec2 = ec2;
    this.calls = calls;
    this.instanceId = instanceId;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
    if (!inspected && request instanceof DescribeInstancesRequest describe
        && describe.instanceIds().equals(List.of(instanceId))) {
      inspected = true;
      if (executor instanceof ThreadPoolExecutor pool && pool.getPoolSize() < pool.getCorePoolSize()) {
        // Threads started now, while this thread waits for EC2, are waiting for work when the round
        // is handed out; started then, one by one, they delay the last reads by milliseconds each.
        // One thread starts the others, so that this one pays for a single start.
        pool.execute(pool::prestartAllCoreThreads);
      }
      // Completed once DescribeInstances has answered: the instance, if worth prefetching for.
      CompletableFuture<Optional<Instance>> target = new CompletableFuture<>();
      if (!settings.subnetIds().isEmpty()) {
        // The prices need the subnets' zones: the chooser, which asks for the subnets first, is
        // answered only once the prices are under way too, so it always finds them.
        DescribeSubnetsRequest subnets = subnetsRequest();
        CompletableFuture<DescribeSubnetsResponse> sent =
            send(System.nanoTime(), "DescribeSubnets", subnets, ec2::describeSubnets);
        register("DescribeSubnets", subnets, sent.thenCombine(target, (answer, instance) -> {
          instance.ifPresent(i -> startPrices(System.nanoTime(), i, zones(answer)));
          return Optional.of(answer);
        }));
      }
      Optional<Instance> worth = Optional.empty();
      try {
        R response = live.apply(request);
        worth = afterDescribe((DescribeInstancesResponse) response);
        return response;
      } finally {
        target.complete(worth);
      }
    }
    Optional<Pending<?>> hit = take(action, request);
    if (hit.isEmpty()) {
      return live.apply(request);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<Optional<R>> answer = (CompletableFuture<Optional<R>>) (CompletableFuture<?>) hit.get().answer();
    Optional<R> served = join(answer);
    if (served.isEmpty()) {
      return live.apply(request);
    }
    countAnswered();
    return served.get();
  }

  /** How many of the steps' calls a prefetch answered. */
  synchronized int answered() {
    return answered;
  }

  private synchronized void countAnswered() {
    answered++;
  }

  /** Unanswered prefetches finish on their own; nothing waits for them, and the threads are shared. */
  @Override
  public void close() {
    // Nothing to release: kept so that the invocation's end is marked where the prefetches belong.
  }

  /** Starts the second round; the instance when it was started, empty when not worth it. */
  private Optional<Instance> afterDescribe(DescribeInstancesResponse response) {
    Optional<Instance> found = response.reservations().stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> instanceId.equals(i.instanceId()))
        .findFirst();
    if (found.isEmpty() || !worthPrefetching(found.get())) {
      return Optional.empty();
    }
    Instance instance = found.get();
    // One issue time for the round: its reads wait on nothing but DescribeInstances, even when the
    // scheduler runs the threads they are handed to before this one hands out the next.
    long round = System.nanoTime();
    start(round, "DescribeInstanceAttribute", DescribeInstanceAttributeRequest.builder()
        .instanceId(instanceId).attribute(InstanceAttributeName.USER_DATA).build(), ec2::describeInstanceAttribute);
    if (instance.spotInstanceRequestId() != null) {
      start(round, "DescribeSpotInstanceRequests", DescribeSpotInstanceRequestsRequest.builder()
          .spotInstanceRequestIds(instance.spotInstanceRequestId()).build(), ec2::describeSpotInstanceRequests);
    }
    start(round, "DescribeSpotInstanceRequests", DescribeSpotInstanceRequestsRequest.builder()
        .filters(Filter.builder().name("tag:" + TagKeys.REPLACES).values(instanceId).build()).build(),
        ec2::describeSpotInstanceRequests);
    // Replacements' second look (fleet and on-demand replacements leave no spot request) and what
    // CarryoverFinder reads: the address and the volumes attached to the instance.
    start(round, "DescribeInstances", DescribeInstancesRequest.builder().filters(
            Filter.builder().name("tag:" + TagKeys.REPLACES).values(instanceId).build(),
            Filter.builder().name("instance-state-name").values("pending", "running").build()).build(),
        ec2::describeInstances);
    if (instance.tags().stream().noneMatch(t -> TagKeys.EIP.equals(t.key()))) {
      start(round, "DescribeAddresses", DescribeAddressesRequest.builder().filters(
          Filter.builder().name("instance-id").values(instanceId).build()).build(), ec2::describeAddresses);
    }
    DescribeVolumesRequest attached = DescribeVolumesRequest.builder().filters(
        Filter.builder().name("attachment.instance-id").values(instanceId).build()).build();
    CompletableFuture<DescribeVolumesResponse> attachedAnswer =
        send(round, "DescribeVolumes", attached, ec2::describeVolumes);
    register("DescribeVolumes", attached, attachedAnswer.thenApply(Optional::of));
    List<String> volumeIds = recreatedVolumeIds(instance);
    if (!volumeIds.isEmpty()) {
      // Inspector's volumes by id, from the same answer; if it failed or lacks one, the step asks
      // EC2 itself, so what it sees (answer or error) is what its own call gives.
      register("DescribeVolumes", DescribeVolumesRequest.builder().volumeIds(volumeIds).build(),
          attachedAnswer.handle((answer, error) -> error != null ? Optional.<DescribeVolumesResponse>empty()
              : AttachedVolumes.byIds(answer, volumeIds, instanceId)));
    }
    if (settings.subnetIds().isEmpty()) {
      startPrices(round, instance, List.of(instance.placement().availabilityZone()));
    }
    return found;
  }

  /** Eligibility's own verdict on what DescribeInstances shows; any doubt means no prefetch. */
  private boolean worthPrefetching(Instance instance) {
    try {
      Map<String, String> tags = instance.tags().stream()
          .collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> a));
      String lifecycle = instance.instanceLifecycleAsString() == null ? "on-demand"
          : instance.instanceLifecycleAsString();
      return Eligibility.onItsFace(instanceId, lifecycle, tags,
          instance.platformDetails() == null ? "Linux/UNIX" : instance.platformDetails(), settings)
          instanceof Decision.Eligible
          && instance.instanceTypeAsString() != null && instance.placement() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The volumes Inspector describes: the root and those deleted on termination. */
  private static List<String> recreatedVolumeIds(Instance instance) {
    return instance.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().volumeId() != null)
        .filter(m -> m.deviceName().equals(instance.rootDeviceName())
            || Boolean.TRUE.equals(m.ebs().deleteOnTermination()))
        .map(m -> m.ebs().volumeId())
        .toList();
  }

  private DescribeSubnetsRequest subnetsRequest() {
    return DescribeSubnetsRequest.builder().subnetIds(settings.subnetIds()).build();
  }

  /** The zones PoolChooser derives from SUBNET_IDS, in its order. */
  private Collection<String> zones(DescribeSubnetsResponse answer) {
    Map<String, String> zoneOf = new HashMap<>();
    answer.subnets().forEach(s -> zoneOf.put(s.subnetId(), s.availabilityZone()));
    Map<String, String> byZone = new LinkedHashMap<>();
    for (String id : settings.subnetIds()) {
      String zone = zoneOf.get(id);
      if (zone != null) {
        byZone.putIfAbsent(zone, id);
      }
    }
    return byZone.keySet();
  }

  private void startPrices(long issued, Instance instance, Collection<String> zones) {
    Instant now = clock.instant();
    List<String> products = PoolChooser.productDescriptions(instance.platformDetails());
    if (products.isEmpty()) {
      return; // no spot market: the instance is skipped before prices are read
    }
    start(issued, "DescribeSpotPriceHistory", DescribeSpotPriceHistoryRequest.builder()
        .instanceTypesWithStrings(List.of(instance.instanceTypeAsString()))
        .productDescriptions(products)
        .filters(Filter.builder().name("availability-zone").values(zones).build())
        .startTime(now.minus(settings.priceWindow()))
        .endTime(now)
        .build(), ec2::describeSpotPriceHistory);
  }

  private <Q extends Ec2Request, R> void start(long issued, String action, Q request, Function<Q, R> send) {
    register(action, request, send(issued, action, request, send).thenApply(Optional::of));
  }

  /**
   * Sends at once, on the prefetch threads; counted now, as the call is made now, and marked
   * issued at {@code issued} (a {@link System#nanoTime()} reading) for a client that times calls.
   */
  private <Q extends Ec2Request, R> CompletableFuture<R> send(long issued, String action, Q request,
      Function<Q, R> send) {
    calls.record(action);
    Supplier<R> task = () -> send.apply(request);
    if (ec2 instanceof IssueTimed timed) {
      task = timed.issuedAt(issued, task);
    }
    return CompletableFuture.supplyAsync(task, executor);
  }

  private synchronized <R> void register(String action, Ec2Request request, CompletableFuture<Optional<R>> answer) {
    pending.add(new Pending<>(action, request, answer));
  }

  private synchronized Optional<Pending<?>> take(String action, Ec2Request request) {
    for (Iterator<Pending<?>> it = pending.iterator(); it.hasNext(); ) {
      Pending<?> candidate = it.next();
      if (candidate.action().equals(action) && sameRequest(candidate.request(), request)) {
        it.remove();
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean sameRequest(Ec2Request prefetched, Ec2Request asked) {
    if (prefetched instanceof DescribeSpotPriceHistoryRequest early
        && asked instanceof DescribeSpotPriceHistoryRequest late) {
      if (early.endTime() == null || late.endTime() == null || early.endTime().isAfter(late.endTime())
          || Duration.between(early.endTime(), late.endTime()).compareTo(PRICE_SLACK) > 0
          || !Duration.between(early.startTime(), early.endTime())
              .equals(Duration.between(late.startTime(), late.endTime()))) {
        return false;
      }
      return early.toBuilder().startTime(null).endTime(null).build()
          .equalsBySdkFields(late.toBuilder().startTime(null).endTime(null).build());
    }
    return prefetched.equalsBySdkFields(asked);
  }

  /** The answer, or the exception the SDK threw for it, as the step's own call would have given. */
  private static <R> R join(CompletableFuture<R> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder().message("interrupted while waiting for EC2").cause(e).build();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw SdkClientException.create("EC2 call failed", cause);
    }
  }
}
