package dev.spotreplacer.cli;

import dev.spotreplacer.replace.TagKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.lambda.Handler;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.lambda.ReplacementPendingException;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Retryable;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Conditions;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.SteppingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * An interruption storm against one in-process emulator with EC2's throttling on: one warning per
 * opted-in instance, all at the same moment, plus re-deliveries of some of the same events, each
 * delivery run concurrently through the Lambda handler as Lambda would (its own execution
 * environment and client, the function's time limit, and up to two retries of a failed
 * invocation, after 1 and 2 minutes). At the two-minute mark EC2 reclaims the interrupted
 * instances. Everything runs on one {@link SteppingClock}, so minutes of storm take seconds.
 */
final class Storm {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String REGION = "us-east-1";
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final Duration WARNING = Duration.ofMinutes(2);
  /** Lambda's asynchronous retries: after about one minute, then about two. */
  private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
  /** Duplicates arrive within this window after the first delivery, so many overlap it. */
  private static final int DUPLICATE_WINDOW_MS = 3_000;
  private static final Duration RESOLUTION = Duration.ofMillis(100);
  static final String SECRET_TAG_VALUE = "tok-5ecret-never-logged";

  /** What to run. */
  record Options(int events, int duplicates, double faultRate, double slowRate, long seed, int timeoutSeconds) {
    Options {
      Flags.requirePositive(events, "--events");
      if (duplicates < 0) {
        throw new IllegalArgumentException("--duplicates " + duplicates + " must be 0 or more");
      }
      Flags.requireFraction(faultRate, "--fault-rate");
      Flags.requireFraction(slowRate, "--slow-rate");
      if (faultRate + slowRate > 1) {
        throw new IllegalArgumentException("--fault-rate " + faultRate + " and --slow-rate " + slowRate
            + " add up to more than 1");
      }
      Flags.requirePositive(timeoutSeconds, "--timeout-seconds");
    }
  }

  /** One delivery chain: which event, when it first arrives, and the result of each invocation. */
  private record Delivery(int instance, String eventId, String instanceId, long offsetMs, SplittableRandom random) {}

  /** One invocation's result and when (virtual) it started. */
  private record Invocation(Delivery delivery, long startMs, Result result) {}

  private final Options options;
  private final ObjectMapper json = Json.mapper();
  /** For the live line: delivery chains finished, invocations made, and the virtual clock once it runs. */
  private final AtomicInteger chainsDone = new AtomicInteger();
  private final AtomicInteger invocationCount = new AtomicInteger();
  private volatile SteppingClock running;
  /**
   * One timer pool for every execution environment's client: each client's own would be five
   * threads, 2,750 for a default storm, whose stacks and per-thread parsers took most of its
   * 3.9 GB peak.
   */
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, task -> {
    Thread thread = new Thread(task, "storm-timers");
    thread.setDaemon(true);
    return thread;
  });

  /** One read-ahead pool for every simulated environment: a pool each kept some 1,650 idle threads alive. */
  private final ExecutorService readAhead = Replacer.readAheadThreads();

  Storm(Options options) {
    this.options = options;
  }

  private List<String> instanceIds() {
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < options.events(); k++) {
      ids.add(instanceId(k));
    }
    return ids;
  }

  static String instanceId(int k) {
    return String.format("i-%017x", 0x5100000L + k);
  }

  static Scenario scenario(Options options) {
    List<Scenario.InstanceSpec> instances = new ArrayList<>();
    for (int k = 0; k < options.events(); k++) {
      instances.add(Scenario.InstanceSpec.builder(instanceId(k), "m5.large", ZONES.get(k % ZONES.size()))
          // A secret-looking tag on every instance: the storm's output must never show its value.
          .tags(new TreeMap<>(Map.of(TagKeys.ENABLED, "true", "Name", "storm-" + k,
              "api-token", SECRET_TAG_VALUE)))
          .build());
    }
    List<Scenario.PoolSpec> pools = List.of(
        new Scenario.PoolSpec("m5.large", "us-east-1a", "0.0400", options.events(), null),
        new Scenario.PoolSpec("m5.large", "us-east-1b", "0.0310", options.events(), null),
        new Scenario.PoolSpec("m5.large", "us-east-1c", "0.0350", options.events(), null));
    Conditions conditions = Conditions.NONE.withThrottling(true)
        .withFaults(options.faultRate(), options.slowRate(), options.seed());
    return new Scenario(REGION, instances, pools, Scenario.Timing.DEFAULT, options.seed(), List.of())
        .withConditions(conditions);
  }

  StormReport run() {
    // 100 ms steps: sleepers due within the same tenth of a second run together (see SteppingClock).
    SteppingClock clock = new SteppingClock(T0, RESOLUTION);
    running = clock;
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Delivery> deliveries = new ArrayList<>();
    for (int k = 0; k < options.events(); k++) {
      deliveries.add(new Delivery(k, "storm-" + k, instanceId(k), 0, random.split()));
    }
    List<Integer> shuffled = shuffled(options.events(), random);
    for (int d = 0; d < options.duplicates(); d++) {
      // Distinct events while there are enough, so duplicates spread over many instances.
      int k = shuffled.get(d % shuffled.size());
      deliveries.add(new Delivery(k, "storm-" + k, instanceId(k), random.nextInt(DUPLICATE_WINDOW_MS), random.split()));
    }
    Settings settings = Settings.defaults();
    ConcurrentLinkedQueue<Invocation> invocations = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> crashes = new ArrayList<>();
    try (Ec2Emulator emulator = Ec2Emulator.start(scenario(options), clock, 0)) {
      // Every participant joins before any starts, so time cannot move until all are under way.
      clock.join();
      threads.add(participant(clock, crashes, "storm-reclaim", () -> {
        clock.sleep(WARNING);
        for (int k = 0; k < options.events(); k++) {
          emulator.terminate(instanceId(k));
        }
      }));
      for (Delivery delivery : deliveries) {
        clock.join();
        threads.add(participant(clock, crashes, "storm-" + delivery.eventId(),
            () -> deliver(delivery, emulator, clock, settings, invocations)));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      synchronized (crashes) {
        if (!crashes.isEmpty()) {
          throw new IllegalStateException("storm harness failed: " + crashes.get(0), crashes.get(0));
        }
      }
      return report(deliveries, List.copyOf(invocations), emulator, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("storm interrupted", e);
    } finally {
      timers.shutdownNow();
      readAhead.shutdownNow();
    }
  }

  private static List<Integer> shuffled(int n, SplittableRandom random) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      indexes.add(i);
    }
    for (int i = n - 1; i > 0; i--) {
      Collections.swap(indexes, i, random.nextInt(i + 1));
    }
    return indexes;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private static Thread participant(SteppingClock clock, List<Throwable> crashes, String name, Work work) {
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) {
        synchronized (crashes) {
          crashes.add(e);
        }
      } finally {
        clock.leave();
      }
    }, name);
    thread.setDaemon(true);
    return thread;
  }

  /** One delivery chain, in its own "execution environment": its own client and handler. */
  private void deliver(Delivery delivery, Ec2Emulator emulator, SteppingClock clock, Settings settings,
      ConcurrentLinkedQueue<Invocation> invocations) throws InterruptedException, IOException {
    try {
      deliverChain(delivery, emulator, clock, settings, invocations);
    } finally {
      chainsDone.incrementAndGet();
    }
  }

  /** How far the storm is, for a live line: "312 of 550 deliveries done, 340 invocations, 95 s virtual". */
  String status() {
    SteppingClock clock = running;
    long virtualS = clock == null ? 0 : (clock.millis() - T0.toEpochMilli()) / 1000;
    return "storm: " + chainsDone.get() + " of " + (options.events() + options.duplicates()) + " deliveries done, "
        + invocationCount.get() + " invocations, " + virtualS + " s virtual";
  }

  private void deliverChain(Delivery delivery, Ec2Emulator emulator, SteppingClock clock, Settings settings,
      ConcurrentLinkedQueue<Invocation> invocations) throws InterruptedException, IOException {
    clock.sleep(Duration.ofMillis(delivery.offsetMs()));
    try (Ec2Client ec2 = Clients.ec2(new Clients.Target(Region.of(REGION),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint())), clock, timers)) {
      Replacer replacer = new Replacer(ec2, settings, clock, clock, delivery.random()::split, Progress.silent(),
          readAhead);
      Handler handler = new Handler(new Handler.Wiring(replacer, settings, clock));
      byte[] event = event(delivery).getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; ; attempt++) {
        long start = clock.millis() - T0.toEpochMilli();
        Result result = invoke(handler, event, clock);
        invocations.add(new Invocation(delivery, start, result));
        invocationCount.incrementAndGet();
        boolean retry = Retryable.worthRetrying(result);
        if (!retry || attempt >= RETRY_DELAYS.size()) {
          return;
        }
        clock.sleep(RETRY_DELAYS.get(attempt));
      }
    }
  }

  private Result invoke(Handler handler, byte[] event, SteppingClock clock) throws IOException {
    var output = new ByteArrayOutputStream();
    // The handler's log line goes nowhere: the storm reports figures, not 500 results.
    var context = new LocalContext(clock, options.timeoutSeconds(), new PrintStream(OutputStream.nullOutputStream()));
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
      return json.readValue(output.toByteArray(), Result.class);
    } catch (ReplacementPendingException e) {
      return e.result();
    }
  }

  private static String event(Delivery delivery) {
    return "{\"version\":\"0\",\"id\":\"" + delivery.eventId() + "\","
        + "\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\","
        + "\"account\":\"123456789012\",\"time\":\"" + T0 + "\",\"region\":\"" + REGION + "\","
        + "\"resources\":[\"arn:aws:ec2:" + REGION + ":123456789012:instance/" + delivery.instanceId() + "\"],"
        + "\"detail\":{\"instance-id\":\"" + delivery.instanceId() + "\",\"instance-action\":\"terminate\"}}";
  }

  private StormReport report(List<Delivery> deliveries, List<Invocation> invocations, Ec2Emulator emulator,
      SteppingClock clock) {
    // By identity: two deliveries of the same event are different chains.
    Map<Delivery, Invocation> last = new IdentityHashMap<>();
    Map<String, Long> firstRequest = new HashMap<>();
    Map<String, Long> firstRunning = new HashMap<>();
    Set<String> replacedInstances = new HashSet<>();
    for (Invocation invocation : invocations) {
      last.merge(invocation.delivery(), invocation, (a, b) -> b.startMs() >= a.startMs() ? b : a);
      Result result = invocation.result();
      String id = invocation.delivery().instanceId();
      if (result.timings() != null && result.timings().requestSentMs() != null) {
        firstRequest.merge(id, invocation.startMs() + result.timings().requestSentMs(), Math::min);
      }
      if (result.outcome() == Outcome.REPLACED && result.timings().runningMs() != null) {
        firstRunning.merge(id, invocation.startMs() + result.timings().runningMs(), Math::min);
        replacedInstances.add(id);
      }
    }
    int skipped = 0;
    int failed = 0;
    int pending = 0;
    Set<String> reasons = new TreeSet<>();
    Map<String, Integer> skipReasons = new TreeMap<>();
    for (Invocation end : last.values()) {
      Outcome outcome = end.result().outcome();
      if (outcome == Outcome.SKIPPED) {
        skipped++;
        skipReasons.merge(end.result().reason().wireName(), 1, Integer::sum);
      } else if (outcome == Outcome.FAILED) {
        failed++;
        reasons.add(end.result().reason().wireName());
      } else if (outcome == Outcome.PENDING) {
        pending++;
        reasons.add(end.result().reason().wireName());
      }
    }
    StormCensus census = StormCensus.of(emulator, instanceIds());
    List<Long> toRequest = firstRequest.values().stream().sorted().toList();
    List<Long> toRunning = firstRunning.values().stream().sorted().toList();
    long apiCalls = emulator.actionCounts().values().stream().mapToLong(Long::longValue).sum();
    return new StormReport(deliveries.size(), options.events(), options.duplicates(), invocations.size(),
        invocations.size() - deliveries.size(), replacedInstances.size(), skipped, failed, pending,
        census.duplicates(), census.lost(), census.untagged(), emulator.throttledCalls(),
        emulator.throttledByAction(), emulator.injectedFaults(),
        emulator.slowAnswers(), apiCalls, StormReport.percentile(toRequest, 50), StormReport.percentile(toRequest, 95),
        StormReport.percentile(toRunning, 50), StormReport.percentile(toRunning, 95),
        clock.millis() - T0.toEpochMilli(), List.copyOf(reasons), skipReasons, options.seed());
  }
}
