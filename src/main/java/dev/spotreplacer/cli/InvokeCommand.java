package dev.spotreplacer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.aws.ClientCache;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventJson;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.event.UnsupportedEventException;
import dev.spotreplacer.lambda.AccountRouting;
import dev.spotreplacer.lambda.Handler;
import dev.spotreplacer.lambda.ReplacementPendingException;
import dev.spotreplacer.lambda.Routing;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.Sleeper;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Runs the Lambda handler on an event file, against AWS, an endpoint, or the built-in emulator.
 *
 * <p>Its options are declared with picocli's programmatic API, not annotations, because this is
 * the cold-start path: reading annotations makes the JVM generate a proxy class for each annotation
 * type, and building this command from them cost a cold run about 0.1 s without an archive and
 * 0.05 s with it (docs/performance.md). The other commands keep their annotations.
 */
final class InvokeCommand implements Callable<Integer> {

  private final CommandSpec spec;

  private InvokeCommand() {
    spec = CommandSpec.wrapWithoutInspection(this);
  }

  /** The command, ready to add to the runner's command line. */
  static CommandSpec spec() {
    CommandSpec spec = new InvokeCommand().spec;
    spec.name("invoke");
    spec.usageMessage().description("Handle one EventBridge event file with the Lambda's code. Prints progress to"
        + " stderr and the result JSON as the last line of stdout. Exit 0 replaced/skipped/dry-run, 2 bad input,"
        + " 3 failed, 4 pending.");
    Main.addStandardHelpOptions(spec);
    spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("EVENT.json")
        .type(Path.class).description("An EventBridge event, e.g. events/spot-interruption-warning.json").build());
    spec.addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("0..1")
        .addArg(OptionSpec.builder("--simulate").type(boolean.class)
            .description("Run against the built-in EC2 emulator on virtual time.").build())
        .addArg(OptionSpec.builder("--endpoint-url").type(URI.class).paramLabel("URL")
            .description("An EC2-compatible endpoint (default: real AWS).").build())
        .build());
    spec.addOption(OptionSpec.builder("--scenario").type(Path.class).paramLabel("FILE")
        .description("With --simulate: seed the emulator from this scenario JSON (default: the event's instance and"
            + " three pools).").build());
    spec.addOption(OptionSpec.builder("--region").type(String.class).paramLabel("R")
        .description("Region to call (default: the event's region).").build());
    spec.addOption(OptionSpec.builder("--dry-run").type(boolean.class)
        .description("Use EC2's DryRun: check permissions and parameters, launch nothing.").build());
    spec.addOption(OptionSpec.builder("--subnet-ids").type(List.class).auxiliaryTypes(String.class).splitRegex(",")
        .paramLabel("SUBNET").description("Subnets the replacement may use (default: the original's).").build());
    spec.addOption(OptionSpec.builder("--timeout-seconds").type(int.class).defaultValue("300").paramLabel("SECONDS")
        .description("The time limit, as the Lambda's timeout (default: ${DEFAULT-VALUE}).").build());
    spec.addOption(OptionSpec.builder("--quiet").type(boolean.class).description("No progress lines on stderr.").build());
    return spec;
  }

  private Path eventFile;
  private boolean simulate;
  private URI endpoint;
  private Path scenarioFile;
  private String region;
  private boolean dryRun;
  private List<String> subnetIds;
  private int timeoutSeconds;
  private boolean quiet;

  /** The parsed values, read from the command's spec (it has no annotated fields to hold them). */
  private void readOptions() {
    ParseResult parsed = spec.commandLine().getParseResult();
    eventFile = parsed.matchedPositionalValue(0, null);
    simulate = parsed.matchedOptionValue("--simulate", false);
    endpoint = parsed.matchedOptionValue("--endpoint-url", null);
    scenarioFile = parsed.matchedOptionValue("--scenario", null);
    region = parsed.matchedOptionValue("--region", null);
    dryRun = parsed.matchedOptionValue("--dry-run", false);
    subnetIds = parsed.matchedOptionValue("--subnet-ids", null);
    timeoutSeconds = spec.findOption("--timeout-seconds").getValue(); // its default applied when not given
    quiet = parsed.matchedOptionValue("--quiet", false);
  }

  @Override
  public Integer call() throws IOException {
    readOptions();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    byte[] event = readEvent(err);
    if (event == null) {
      return Main.BAD_INPUT;
    }
    Optional<Notice> notice;
    try {
      notice = Optional.of(new EventParser().parse(event));
    } catch (InvalidEventException e) {
      err.println("error: " + eventFile + ": " + e.getMessage());
      return Main.BAD_INPUT;
    } catch (UnsupportedEventException e) {
      notice = Optional.empty();
    }
    Settings settings = Settings.fromEnvironment(System.getenv()).withDryRun(dryRun);
    if (subnetIds != null) {
      settings = settings.withSubnetIds(subnetIds);
    }
    String regionName = region != null ? region : notice.map(Notice::region).orElse("us-east-1");

    if (simulate) {
      Scenario scenario = scenarioFile != null ? Scenario.load(scenarioFile)
          : Scenario.defaultFor(notice.map(Notice::instanceId).orElse("i-1234567890abcdef0"), regionName);
      // Virtual time starts at the event's time, so a given event and seed always play out alike.
      VirtualClock clock = new VirtualClock(notice.map(Notice::time).orElse(Instant.parse("2026-01-01T00:00:00Z")));
      try (Ec2Emulator emulator = Ec2Emulator.start(scenario, clock, 0)) {
        err.println("emulator: " + emulator.endpoint() + " (virtual time from " + clock.instant() + ", seed "
            + scenario.seed() + ")");
        long seed = scenario.seed();
        Settings chosen = settings;
        Progress progress = progress(err, clock);
        Handler.Wiring wiring = wiring(new Clients.Target(Region.of(regionName),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
            Optional.of(emulator.endpoint())), chosen, clock, Optional.of(clock),
            ec2 -> new Replacer(ec2, chosen, clock, clock, () -> new SplittableRandom(seed), progress));
        // The ARN a deployed function has names its account, so no STS call is needed to learn it.
        String functionArn = "arn:aws:lambda:" + regionName + ":" + emulator.accountId() + ":function:spot-replacer";
        return invoke(new Handler(wiring), event, new LocalContext(clock, timeoutSeconds, System.err, functionArn),
            out, err);
      }
    }
    Clock clock = Clock.systemUTC();
    Settings chosen = settings;
    Progress progress = progress(err, clock);
    Handler.Wiring wiring = wiring(new Clients.Target(Region.of(regionName), DefaultCredentialsProvider.builder().build(),
        Optional.ofNullable(endpoint)), chosen, clock, Optional.empty(),
        ec2 -> new Replacer(ec2, chosen, clock, Sleeper.system(), ThreadLocalRandom::current, progress));
    return invoke(new Handler(wiring), event, new LocalContext(clock, timeoutSeconds, System.err), out, err);
  }

  /**
   * With --region, every call goes to that region as the caller (the caller's choice wins). Without
   * it, the Lambda's routing: the event's region, and its account through the member role when it
   * is not the caller's.
   */
  private Handler.Wiring wiring(Clients.Target home, Settings settings, Clock clock, Optional<Sleeper> retryPause,
      Function<Ec2Client, Replacer> replacers) {
    if (region != null) {
      Ec2Client ec2 = retryPause.map(pause -> Clients.ec2(home, pause)).orElseGet(() -> Clients.ec2(home));
      Replacer replacer = replacers.apply(ec2);
      return new Handler.Wiring(settings, clock, new Routing() {
        @Override
        public Replacer replacerFor(Notice notice, com.amazonaws.services.lambda.runtime.Context context) {
          return replacer;
        }

        @Override
        public Optional<Ec2Client> homeEc2() {
          return Optional.of(ec2);
        }
      });
    }
    ClientCache clients = new ClientCache(home, ClientCache.memberRoleName(System.getenv()), retryPause);
    return new Handler.Wiring(settings, clock, new AccountRouting(clients, replacers));
  }

  private byte[] readEvent(PrintWriter err) throws IOException {
    try {
      return Files.readAllBytes(eventFile);
    } catch (NoSuchFileException e) {
      err.println("error: " + eventFile + ": no such file (samples are in events/)");
      return null;
    }
  }

  /**
   * Prints the handler's answer as Lambda returns it; the exit code follows its outcome. The answer
   * is read as a tree, not bound to {@code Result}: binding would cost a cold run Jackson's bean
   * introspection for no gain.
   */
  private int invoke(Handler handler, byte[] event, LocalContext context, PrintWriter out, PrintWriter err)
      throws IOException {
    var output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
    } catch (ReplacementPendingException e) {
      // Thrown after the answer was written, so that Lambda retries; the answer is the result.
    } catch (InvalidEventException e) {
      err.println("error: " + eventFile + ": " + e.getMessage());
      return Main.BAD_INPUT;
    }
    String answer = output.toString(StandardCharsets.UTF_8);
    out.println(answer);
    out.flush();
    JsonNode outcome = EventJson.read(output.toByteArray()).path("outcome");
    if (outcome.isMissingNode()) {
      return Main.OK; // a manual event's answer (prices, requests, ...), not a replacement Result
    }
    return switch (Outcome.valueOf(outcome.asText().toUpperCase(Locale.ROOT).replace('-', '_'))) {
      case REPLACED, SKIPPED, DRY_RUN -> Main.OK;
      case PENDING -> Main.PENDING;
      case FAILED -> Main.FAILED;
    };
  }

  private Progress progress(PrintWriter err, Clock clock) {
    if (quiet) {
      return Progress.silent();
    }
    Instant start = clock.instant();
    return line -> {
      Duration at = Duration.between(start, clock.instant());
      err.println("[" + elapsed(at.toMillis()) + "s] " + line);
      err.flush();
    };
  }

  /**
   * Milliseconds as seconds to one decimal, half up, right-aligned in six places: what
   * {@code printf("%6.1f")} printed, without java.util.Formatter's cold start (about 40 classes and
   * the locale data) on the way to the first progress line.
   */
  static String elapsed(long millis) {
    long tenths = (Math.abs(millis) + 50) / 100;
    String text = (millis < 0 && tenths > 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
    return " ".repeat(Math.max(0, 6 - text.length())) + text;
  }
}
