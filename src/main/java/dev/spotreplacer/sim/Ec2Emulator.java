package dev.spotreplacer.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An EC2-compatible endpoint on 127.0.0.1 backed by a deterministic market model. */
public final class Ec2Emulator implements AutoCloseable {

  private static final int THREADS = 16;
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private final Scenario scenario;
  private final Market market;
  private final CallLog log;
  private final HttpServer server;
  private final ExecutorService executor;

  private Ec2Emulator(Scenario scenario, Market market, CallLog log, HttpServer server, ExecutorService executor) {
    this.scenario = scenario;
    this.market = market;
    this.log = log;
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on 127.0.0.1:{@code port} (0 = an ephemeral port); time comes from {@code clock}. */
  public static Ec2Emulator start(Scenario scenario, Clock clock, int port) throws IOException {
    Objects.requireNonNull(scenario, "scenario == null");
    Objects.requireNonNull(clock, "clock == null");
    Market market = new Market(scenario, clock);
    CallLog log = new CallLog();
    HttpFront front = new HttpFront(new Ec2Api(market), log, market.ids());
    HttpServer server = createServer(port);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
      Thread thread = new Thread(task, "ec2-emulator-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", front);
    server.start();
    return new Ec2Emulator(scenario, market, log, server, executor);
  }

  /**
   * The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the
   * body then waits for the client's delayed ACK, about 40 ms per call. The server reads
   * {@code sun.net.httpserver.nodelay} once, when its configuration class initialises (at the first
   * {@code HttpServer.create} in the JVM), so the property is set only around that moment, only if
   * nobody chose a value, and removed again: it leaves no setting behind for other code to find.
   */
  private static synchronized HttpServer createServer(int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (System.getProperty(NO_DELAY) != null) {
      return HttpServer.create(address, 0);
    }
    System.setProperty(NO_DELAY, "true");
    try {
      return HttpServer.create(address, 0);
    } finally {
      System.clearProperty(NO_DELAY);
    }
  }

  /** Where to point the SDK's {@code endpointOverride} or the CLI's {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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

  public Map<String, Long> actionCounts() {
    return log.counts();
  }

  public Optional<SimInstance> instance(String instanceId) {
    return market.locked(() -> market.instance(instanceId).map(InstanceEntry::snapshot));
  }

  public List<SimInstance> instances() {
    return market.locked(() -> market.instances().stream().map(InstanceEntry::snapshot).toList());
  }

  public List<SimSpotRequest> spotRequests() {
    return market.locked(() -> market.requests().stream().map(SpotRequestEntry::snapshot).toList());
  }

  /**
   * What AWS does at the end of the two-minute warning: the instance starts shutting down (terminated
   * shortly after) and its spot request closes, or reopens if persistent.
   */
  public void terminate(String instanceId) {
    market.locked(() -> {
      InstanceEntry instance = market.instance(instanceId)
          .orElseThrow(() -> new IllegalArgumentException("no instance " + instanceId + " in the emulator"));
      market.shutDown(instance, false);
      return null;
    });
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
