package dev.spotreplacer.sim;

import dev.spotreplacer.time.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EC2-compatible endpoint on 127.0.0.1 backed by a deterministic market model (plus a little
 * STS, EventBridge and the AWS Price List).
 */
public final class Ec2Emulator implements AutoCloseable {

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  private final Scenario scenario;
  private final Market market;
  private final CallLog log;
  private final LoopbackHttpServer server;
  private final Gate gate;
  private final HttpFront front;
  private final StsApi sts;
  private final Signatures signatures;

  /** The long-term key every emulator accepts from the start (the local runner's simulated operator). */
  public static final String LOCAL_ACCESS_KEY_ID = "AKIDSIMULATED";
  /** Its secret. */
  public static final String LOCAL_SECRET_ACCESS_KEY = "simulated";

  private Ec2Emulator(Scenario scenario, Market market, CallLog log, LoopbackHttpServer server, Gate gate,
      HttpFront front, StsApi sts, Signatures signatures) {
    this.signatures = signatures;
    this.scenario = scenario;
    this.market = market;
    this.log = log;
    this.server = server;
    this.gate = gate;
    this.front = front;
    this.sts = sts;
  }

  /** Starts serving on 127.0.0.1:{@code port} (0 = an ephemeral port); time comes from {@code clock}. */
  public static Ec2Emulator start(Scenario scenario, Clock clock, int port) throws IOException {
    return start(scenario, clock, port, StsConfig.DEFAULT);
  }

  /** As {@link #start(Scenario, Clock, int)}, with STS answering as {@code identity} says. */
  public static Ec2Emulator start(Scenario scenario, Clock clock, int port, StsConfig identity) throws IOException {
    Objects.requireNonNull(scenario, "scenario == null");
    Objects.requireNonNull(identity, "identity == null");
    Objects.requireNonNull(clock, "clock == null");
    Market market = new Market(scenario, clock);
    CallLog log = new CallLog();
    // Slow answers wait on the emulator's clock: virtual in tests and storms, the wall clock otherwise.
    Sleeper slowness = clock instanceof Sleeper sleeper ? sleeper : Sleeper.system();
    Gate gate = new Gate(scenario.conditions(), clock, slowness);
    Signatures signatures = new Signatures();
    signatures.accept(LOCAL_ACCESS_KEY_ID, LOCAL_SECRET_ACCESS_KEY, null);
    StsApi sts = new StsApi(identity, signatures);
    EventsApi events = new EventsApi(scenario.region(), scenario.rules(), scenario.conditions().deny());
    PricingApi pricing = new PricingApi(new PriceBook(scenario.onDemandPrices()), scenario.conditions().deny());
    HttpFront front = new HttpFront(regions(scenario, market, clock), log, market.ids(), gate, sts, events, pricing,
        signatures);
    AtomicInteger threadNumber = new AtomicInteger();
    // Unbounded: a slow answer waits on virtual time, and a fixed pool of waiting threads would
    // keep queued callers from ever reaching the point where virtual time may move on.
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "ec2-emulator-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    LoopbackHttpServer server = LoopbackHttpServer.start(port, front, executor, "ec2-emulator");
    return new Ec2Emulator(scenario, market, log, server, gate, front, sts, signatures);
  }

  /**
   * From now on requests signed by {@code accessKeyId} with {@code secretAccessKey} pass the
   * signature check; with a {@code sessionToken} (null for a long-term key), only when they carry it.
   * Requests signed by any other key answer {@code AuthFailure}, as EC2 does.
   */
  public Ec2Emulator acceptCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    signatures.accept(Objects.requireNonNull(accessKeyId, "accessKeyId == null"), secretAccessKey, sessionToken);
    return this;
  }

  /** From now on {@code accessKeyId} answers {@code AuthFailure} (expired, rotated away). */
  public void revokeCredentials(String accessKeyId) {
    signatures.revoke(accessKeyId);
  }

  /**
   * The scenario's region answers from its market; any other region a request is signed for is an
   * empty region of the same account (EC2 endpoints are regional: nothing of us-east-2 shows in
   * us-west-2). Unsigned requests (the AWS CLI with --no-sign-request) go to the scenario's region.
   */
  private static Function<String, Ec2Api> regions(Scenario scenario, Market market, Clock clock) {
    Ec2Api home = new Ec2Api(market);
    Map<String, Ec2Api> others = new ConcurrentHashMap<>();
    return region -> {
      if (region.isEmpty() || region.equals(scenario.region())) {
        return home;
      }
      if (!REGION.matcher(region).matches()) {
        throw new Ec2Fault("AuthFailure", "Credential should be scoped to a valid region.", 401);
      }
      return others.computeIfAbsent(region, r -> new Ec2Api(new Market(
          new Scenario(r, List.of(), List.of(), scenario.timing(), scenario.seed()), clock)));
    };
  }

  /** Where to point the SDK's {@code endpointOverride} or the CLI's {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The caller's own account, as STS GetCallerIdentity answers it for the operator's keys. */
  public String accountId() {
    return sts.account();
  }

  /** Every request (EC2, STS, EventBridge, Price List) with the access key and region its signature names. */
  public List<SignedCall> signedCalls() {
    return front.signedCalls();
  }

  /** Every AssumeRole call received, refused ones included, as "roleArn session-name". */
  public List<String> assumedRoles() {
    return sts.assumedRoles().stream().map(a -> a.roleArn() + " " + a.sessionName()).toList();
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Every Action received, in arrival order, including ones that failed. */
  public List<String> actions() {
    return log.actions();
  }

  /** Actions received that are not Describe or Get calls, DryRun calls excluded. */
  public long mutatingCalls() {
    return log.mutating();
  }

  /** Calls answered {@code RequestLimitExceeded} by the throttling token buckets. */
  public long throttledCalls() {
    return gate.throttled();
  }

  /** {@link #throttledCalls()} per action, in action order. */
  public Map<String, Long> throttledByAction() {
    return gate.throttledByAction();
  }

  /** For tests: the next {@code times} calls of {@code action} answer {@code RequestLimitExceeded}. */
  public void throttleNext(String action, int times) {
    gate.throttleNext(action, times);
  }

  /** Calls answered with an injected 5xx (before or after the action ran). */
  public long injectedFaults() {
    return gate.faults();
  }

  /** Calls answered late on purpose. */
  public long slowAnswers() {
    return gate.slow();
  }

  public Map<String, Long> actionCounts() {
    return log.counts();
  }

  public Optional<SimInstance> instance(String instanceId) {
    return market.locked(() -> market.knownInstance(instanceId).map(InstanceEntry::snapshot));
  }

  public List<SimInstance> instances() {
    return market.locked(() -> market.knownInstances().stream().map(InstanceEntry::snapshot).toList());
  }

  public List<SimSpotRequest> spotRequests() {
    return market.locked(() -> market.knownRequests().stream().map(SpotRequestEntry::snapshot).toList());
  }

  public Optional<SimVolume> volume(String volumeId) {
    return market.locked(() -> market.volumes().volume(volumeId).map(VolumeEntry::snapshot));
  }

  public List<SimVolume> volumes() {
    return market.locked(() -> market.volumes().all().stream().map(VolumeEntry::snapshot).toList());
  }

  public Optional<SimAddress> address(String allocationId) {
    return market.locked(() -> market.addresses().address(allocationId).map(AddressEntry::snapshot));
  }

  /**
   * What AWS does at the end of the two-minute warning: the instance starts shutting down (terminated
   * shortly after) and its spot request closes, or reopens if persistent.
   */
  public void terminate(String instanceId) {
    market.locked(() -> {
      InstanceEntry instance = market.knownInstance(instanceId)
          .orElseThrow(() -> new IllegalArgumentException("no instance " + instanceId + " in the emulator"));
      market.shutDown(instance, false);
      return null;
    });
  }

  /** Capacity returns to a pool: requests waiting for it are evaluated again, as in EC2. */
  public void addCapacity(String instanceType, String availabilityZone, int count) {
    market.locked(() -> {
      market.addCapacity(instanceType, availabilityZone, count);
      return null;
    });
  }

  @Override
  public void close() {
    server.close();
  }
}
