package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.aws.ClientCache;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.aws.CrossAccountException;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.manual.ManualEventParser;
import dev.spotreplacer.manual.ManualRunner;
import dev.spotreplacer.manual.ManualTask;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.event.UnsupportedEventException;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.PriceListApi;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Reason;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Timings;
import dev.spotreplacer.replace.Retryable;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.time.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.crac.Core;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.utils.Lazy;

/** The Lambda entry point: EventBridge JSON in, one result JSON out (and logged as one line). */
public final class Handler implements RequestStreamHandler {

  private final EventParser parser;
  private final Routing routing;
  private final Settings settings;
  private final Clock clock;
  /** Only manual events' answers need databind; an EventBridge event never builds it. */
  private final Lazy<ObjectMapper> json = new Lazy<>(Json::mapper);
  private final EmfLine emf;
  private final Consumer<String> metrics;
  private final ResultLog resultLog;
  /** A field, not a local: CRaC holds registered resources weakly. */
  private final Priming priming = new Priming();

  /** Used by Lambda: the client is built once here, so warm invocations and SnapStart reuse it. */
  public Handler() {
    this(fromEnvironment(System.getenv()));
    // SnapStart: warm the SDK and Jackson just before the snapshot (see Priming).
    Core.getGlobalContext().register(priming);
  }

  public Handler(Wiring wiring) {
    this.parser = new EventParser();
    this.settings = wiring.settings();
    this.clock = wiring.clock();
    this.routing = wiring.routing();
    this.emf = new EmfLine();
    this.metrics = wiring.metrics();
    this.resultLog = wiring.resultLog();
  }

  /**
   * What the handler is built from; the local runner passes its own (emulator, virtual clock).
   *
   * @param routing picks the Replacer for a notice's account and region
   * @param metrics where the Embedded Metric Format line goes (stdout on Lambda)
   * @param resultLog where the result is logged
   */
  public record Wiring(Settings settings, Clock clock, Routing routing, Consumer<String> metrics,
      ResultLog resultLog) {

    /** No metrics line; the result goes to the context's logger (local runs print it themselves). */
    public Wiring(Settings settings, Clock clock, Routing routing) {
      this(settings, clock, routing, line -> { }, ResultLog.CONTEXT_LOGGER);
    }

    /** Every notice to one Replacer, whatever its account and region (tests, single-account runs). */
    public Wiring(Replacer replacer, Settings settings, Clock clock) {
      this(settings, clock, (notice, context) -> replacer);
    }
  }

  static Wiring fromEnvironment(Map<String, String> env) {
    Settings settings = Settings.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    // The SDK's default chain: under SnapStart Lambda sets no access-key variables and hands the
    // role's credentials over through the container-credentials endpoint, which the chain reads at
    // the first call after restore. The endpoint comes from the SDK's own AWS_ENDPOINT_URL, if set.
    Clients.Target home = new Clients.Target(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")),
        DefaultCredentialsProvider.builder().build(), Optional.empty());
    var clients = new ClientCache(home, ClientCache.memberRoleName(env));
    // The Price List is not account-specific: one client with the function's own credentials (never a
    // member role's) serves every account's notices. It is built on the first lookup, which only a
    // price cap needing an on-demand price the table lacks makes; the answers are kept per container.
    PriceListApi priceList = new PriceListApi(() -> Clients.pricing(home), clock);
    // One pool for the container's lifetime: idle threads end after a while, none accumulate.
    ExecutorService prefetchThreads = Replacer.readAheadThreads();
    // A generator per invocation, not a seeded field: a SnapStart snapshot would share the seed.
    Function<Ec2Client, Replacer> replacers = ec2 -> new Replacer(ec2, settings, clock, Sleeper.system(),
        ThreadLocalRandom::current, Progress.silent(), prefetchThreads, priceList);
    // EMF and the result go to stdout as JSON documents, not through the LambdaLogger: with the JSON
    // log format the logger would wrap them in its own object as an escaped string, and CloudWatch
    // extracts metrics (and Logs Insights fields) only from a log event that is the document itself.
    return new Wiring(settings, clock, new AccountRouting(clients, replacers), System.out::println,
        ResultLog.jsonLines(System.out::println));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    // Read once: the same tree says whether the event is a manual task and, if not, what to replace.
    JsonNode event = parser.read(input.readAllBytes());
    Optional<ManualTask> manual = new ManualEventParser().parse(event);
    if (manual.isPresent()) {
      String answer = json.getValue().writeValueAsString(runManual(manual.get(), context));
      context.getLogger().log(answer + "\n");
      output.write(answer.getBytes(StandardCharsets.UTF_8));
      return;
    }
    Result result = handle(event, context);
    String line = ResultJson.of(result);
    resultLog.write(result, line, context);
    metrics.accept(emf.of(result, clock.instant()));
    output.write(line.getBytes(StandardCharsets.UTF_8));
    // Who hears of a result that needs a person (docs/operations.md): a function error makes Lambda
    // retry, and after the retries the event reaches the failed-events queue and its alarm; a
    // failure a retry cannot heal returns normally and the alarm on the Failures metric fires.
    if (Retryable.worthRetrying(result)) {
      // The retry finds the request and resumes (also after throttling or an EC2 outage outlasted
      // the SDK's retries).
      throw new ReplacementPendingException(result);
    }
  }

  private Object runManual(ManualTask task, Context context) throws IOException {
    Ec2Client ec2 = routing.homeEc2().orElseThrow(() -> new InvalidEventException("source",
        "manual events need the function's own EC2 client, which this wiring does not have"));
    try {
      // On the emulator's virtual clock, waiting must advance that clock rather than the wall's.
      Sleeper sleeper = clock instanceof Sleeper virtual ? virtual : Sleeper.system();
      return new ManualRunner(ec2, clock, sleeper)
          .run(task, Duration.ofMillis(context.getRemainingTimeInMillis()).minus(settings.safetyMargin()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running a " + task.getClass().getSimpleName() + " task", e);
    }
  }

  /** Parses and replaces; an invalid event throws {@code InvalidEventException} before any EC2 call. */
  public Result handle(byte[] event, Context context) {
    return handle(parser.read(event), context);
  }

  private Result handle(JsonNode event, Context context) {
    Notice notice;
    try {
      notice = parser.parse(event);
    } catch (UnsupportedEventException e) {
      return Result.of(Outcome.SKIPPED, Reason.Code.EVENT_NOT_HANDLED, e.getMessage())
          .timings(new Timings(null, null, null, 0)).build();
    }
    Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis())
        .minus(settings.safetyMargin());
    Replacer replacer;
    try {
      replacer = routing.replacerFor(notice, context);
    } catch (CrossAccountException e) {
      return Result.of(Outcome.FAILED, Reason.Code.MEMBER_ROLE_NOT_ASSUMED, e.getMessage())
          .interruptedInstanceId(notice.instanceId()).eventId(notice.eventId())
          .timings(new Timings(null, null, null, 0)).build();
    }
    return replacer.replace(notice, deadline);
  }
}
