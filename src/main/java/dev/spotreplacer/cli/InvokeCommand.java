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
import dev.spotreplacer.replace.PriceListApi;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.Sleeper;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
        .addArg(OptionSpec.builder("--endpoint-url").type(String.class).paramLabel("URL")
            .description("An EC2-compatible endpoint (default: real AWS).").build())
        .build());
    spec.addOption(OptionSpec.builder("--scenario").type(Path.class).paramLabel("FILE")
        .description("With --simulate: seed the emulator from this scenario JSON (default: the event's instance and"
            + " three pools).").build());
    spec.addOption(OptionSpec.builder("--region").type(String.class).paramLabel("REGION")
        .description("Region to call (default: the event's region, as the deployed function).").build());
    spec.addOption(OptionSpec.builder("--profile").type(String.class).paramLabel("NAME")
        .description("A profile from the AWS config and credentials files (default: AWS_PROFILE, else default).")
        .build());
    spec.addOption(OptionSpec.builder("--dry-run").type(boolean.class)
        .description("Use EC2's DryRun: check permissions and parameters, launch nothing.").build());
    spec.addOption(OptionSpec.builder("--subnet-ids").type(List.class).auxiliaryTypes(String.class).splitRegex(",")
        .arity("1..*").paramLabel("SUBNET")
        .description("Subnets the replacement may use, space-separated (default: the original's).").build());
    spec.addOption(OptionSpec.builder("--timeout-seconds").type(int.class).defaultValue("300").paramLabel("SECONDS")
        .description("The time limit, as the Lambda's timeout (default: ${DEFAULT-VALUE}).").build());
    spec.addOption(OptionSpec.builder("--output").type(String.class).paramLabel("FORMAT")
        .description("json, table or text (default, as the AWS CLI: AWS_DEFAULT_OUTPUT, the profile's output,"
            + " else json: one line, the last of stdout).").build());
    spec.addOption(OptionSpec.builder("--quiet").type(boolean.class).description("Nothing on stderr but errors.")
        .build());
    return spec;
  }

  private Path eventFile;
  private boolean simulate;
  private String endpoint;
  private String profile;
  private String output;
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
    profile = parsed.matchedOptionValue("--profile", null);
    output = parsed.matchedOptionValue("--output", null);
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
    Map<String, String> env = Main.env(spec);
    Notes notes = new Notes(err, quiet);
    OutputFormat format = new AwsCliConfig(env, profile).output(output);
    Flags.requirePositive(timeoutSeconds, "--timeout-seconds");
    if (scenarioFile != null && !simulate) {
      throw new IllegalArgumentException("--scenario needs --simulate (it seeds the built-in emulator; without"
          + " --simulate the run would go to AWS)");
    }
    if (simulate && profile != null) {
      throw new IllegalArgumentException("--profile and --simulate are alternatives: the emulator takes no credentials");
    }
    Optional<URI> at = Optional.ofNullable(endpoint).map(Endpoints::parse);
    byte[] event = EventFiles.read(eventFile, null);
    JsonNode envelope;
    Optional<Notice> notice;
    try {
      envelope = new EventParser().read(event);
      notice = parse(envelope);
    } catch (InvalidEventException e) {
      err.println("error: " + eventFile + ": " + e.getMessage());
      return Main.BAD_INPUT;
    }
    Settings settings = Settings.fromEnvironment(env).withDryRun(dryRun);
    if (subnetIds != null) {
      subnetIds.forEach(id -> {
        if (!id.startsWith("subnet-") || id.length() == "subnet-".length()) {
          throw new IllegalArgumentException("--subnet-ids '" + id + "' is not a subnet id such as subnet-0123456789abcdef0");
        }
      });
      settings = settings.withSubnetIds(subnetIds);
    }
    // --region, else the event's (as the deployed function), else where the AWS CLI would call.
    String inEvent = envelope.path("region").asText("").strip();
    String regionName = region != null ? region : !inEvent.isEmpty() ? inEvent
        : simulate ? SimulateCommand.SAMPLE_REGION : new AwsCliConfig(env, profile).region(null).value().id();
    Instant eventTime = notice.map(Notice::time).orElseGet(() -> time(envelope));
    // The handler's log line is the result itself, which goes to stdout once.
    PrintStream handlerLog = new PrintStream(OutputStream.nullOutputStream());

    if (simulate) {
      Scenario scenario = scenarioFile != null ? Scenario.load(scenarioFile)
          : Scenario.defaultFor(notice.map(Notice::instanceId).orElse(SimulateCommand.SAMPLE_INSTANCE), regionName);
      // Virtual time starts at the event's time, so a given event and seed always play out alike.
      VirtualClock clock = new VirtualClock(eventTime);
      try (Ec2Emulator emulator = Ec2Emulator.start(scenario, clock, 0)) {
        notes.say("emulator: " + emulator.endpoint() + " (region " + regionName + ", virtual time from "
            + clock.instant() + ", seed " + scenario.seed() + ")");
        long seed = scenario.seed();
        Settings chosen = settings;
        Progress progress = progress(notes, clock);
        Clients.Target target = new Clients.Target(Region.of(regionName),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
            Optional.of(emulator.endpoint()));
        checkSubnets(target, Optional.of(clock), emulator.accountId().equals(envelope.path("account").asText()));
        PriceListApi priceList = new PriceListApi(() -> Clients.pricing(target), clock);
        Handler.Wiring wiring = wiring(target, chosen, clock, Optional.of(clock),
            ec2 -> new Replacer(ec2, chosen, clock, clock, () -> new SplittableRandom(seed), progress,
                Replacer.readAheadThreads(), priceList));
        // The ARN a deployed function has names its account, so no STS call is needed to learn it.
        String functionArn = "arn:aws:lambda:" + regionName + ":" + emulator.accountId() + ":function:spot-replacer";
        return invoke(new Handler(wiring), event, new LocalContext(clock, timeoutSeconds, handlerLog, functionArn),
            out, err, format);
      }
    }
    AwsCliConfig config = new AwsCliConfig(env, profile);
    AwsCliConfig.Sourced<AwsCredentialsProvider> credentials = config.credentials();
    String who = Identity.describe(credentials);
    notes.say("region " + regionName + " (" + (region != null ? "--region" : "the event") + "), credentials " + who
        + at.map(uri -> ", endpoint " + uri).orElse(""));
    Clock clock = Clock.systemUTC();
    Settings chosen = settings;
    // On AWS a replacement takes a minute or more, mostly waiting for EC2: between the steps' lines,
    // a live line every few seconds says the run is still at the last one.
    AtomicReference<String> lastStep = new AtomicReference<>("starting");
    Progress steps = progress(notes, clock);
    Progress progress = line -> {
      lastStep.set(line);
      steps.note(line);
    };
    Clients.Target target = new Clients.Target(Region.of(regionName), credentials.value(), at);
    checkSubnets(target, Optional.empty(), subnetIds != null && (region != null || callersAccount(target)
        .equals(envelope.path("account").asText())));
    // The Price List with the caller's own credentials, as the function uses its own.
    PriceListApi priceList = new PriceListApi(() -> Clients.pricing(target), clock);
    Handler.Wiring wiring = wiring(target, chosen, clock, Optional.empty(),
        ec2 -> new Replacer(ec2, chosen, clock, Sleeper.system(), ThreadLocalRandom::current, progress,
            Replacer.readAheadThreads(), priceList));
    try (Ticker ticker = Ticker.start(notes, LIVE_LINE, () -> "still at: " + lastStep.get())) {
      return invoke(new Handler(wiring), event, new LocalContext(clock, timeoutSeconds, handlerLog), out, err, format);
    }
  }

  /** How often a run on AWS says it is still working. */
  static final java.time.Duration LIVE_LINE = java.time.Duration.ofSeconds(10);

  /** The notice in an EC2 event; empty for a manual task or another event type (its envelope still has region and time). */
  private static Optional<Notice> parse(JsonNode envelope) {
    try {
      return Optional.of(new EventParser().parse(envelope));
    } catch (UnsupportedEventException e) {
      return Optional.empty();
    }
  }

  /** The envelope's time, or the emulator's usual start when it has none (a hand-written event). */
  private static Instant time(JsonNode envelope) {
    try {
      return Instant.parse(envelope.path("time").asText(""));
    } catch (java.time.format.DateTimeParseException e) {
      return Connection.SIMULATED_START;
    }
  }

  private static String callersAccount(Clients.Target target) {
    try (var sts = Clients.sts(target)) {
      return sts.getCallerIdentity(b -> { }).account();
    }
  }

  /**
   * --subnet-ids are the user's, not the deployment's: one read-only DescribeSubnets first, so that a
   * typo is a bad-input error naming the flag rather than a failed replacement blaming SUBNET_IDS.
   */
  private void checkSubnets(Clients.Target target, Optional<Sleeper> retryPause, boolean callersSubnets) {
    // An event from another account is replaced there, through its member role: its subnets are
    // not the caller's to look up, and the flow reports them.
    if (subnetIds == null || !callersSubnets) {
      return;
    }
    try (Ec2Client ec2 = retryPause.map(pause -> Clients.ec2(target, pause)).orElseGet(() -> Clients.ec2(target))) {
      ec2.describeSubnets(b -> b.subnetIds(subnetIds));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (code.startsWith("InvalidSubnetID")) {
        throw new IllegalArgumentException("--subnet-ids: " + e.awsErrorDetails().errorMessage() + " in "
            + target.region().id() + " (" + code + ")", e);
      }
      throw e;
    }
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

  /**
   * Prints the handler's answer as Lambda returns it; the exit code follows its outcome. The answer
   * is read as a tree, not bound to {@code Result}: binding would cost a cold run Jackson's bean
   * introspection for no gain.
   */
  private int invoke(Handler handler, byte[] event, LocalContext context, PrintWriter out, PrintWriter err,
      OutputFormat format) throws IOException {
    var output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
    } catch (ReplacementPendingException e) {
      // Thrown after the answer was written, so that Lambda retries; the answer is the result.
    } catch (InvalidEventException e) {
      err.println("error: " + eventFile + ": " + e.getMessage());
      return Main.BAD_INPUT;
    }
    JsonNode answer = EventJson.read(output.toByteArray());
    if (format == OutputFormat.JSON) {
      // As the handler wrote it, byte for byte: what Lambda would return.
      out.println(output.toString(StandardCharsets.UTF_8));
      out.flush();
    } else {
      format.print(answer, out);
    }
    return exitCode(answer.path("outcome"));
  }

  /**
   * The exit code for an answer's outcome: a replacement's (replaced, skipped, dry-run, pending,
   * failed) or a hand-run launch's (running, dry-run-ok, pending, failed); no outcome (prices,
   * requests, cancel) is success.
   */
  static int exitCode(JsonNode outcome) {
    if (outcome.isMissingNode()) {
      return Main.OK;
    }
    for (Outcome known : Outcome.values()) {
      if (known.wireName().equals(outcome.asText())) {
        return switch (known) {
          case REPLACED, SKIPPED, DRY_RUN -> Main.OK;
          case PENDING -> Main.PENDING;
          case FAILED -> Main.FAILED;
        };
      }
    }
    return switch (outcome.asText()) {
      case "running", "dry-run-ok" -> Main.OK;
      default -> Main.FAILED;
    };
  }

  private static Progress progress(Notes notes, Clock clock) {
    if (notes.quiet()) {
      return Progress.silent();
    }
    Elapsed elapsed = new Elapsed(clock);
    return line -> notes.say(elapsed.stamp(line));
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
