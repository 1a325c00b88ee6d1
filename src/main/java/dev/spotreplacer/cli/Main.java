package dev.spotreplacer.cli;

import dev.spotreplacer.lambda.Priming;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The local runner: {@code java -jar spot-replacer.jar <command>}. Declared with picocli's
 * programmatic API, like {@code invoke}, so that a cold {@code invoke} reads no annotations.
 */
public final class Main implements Runnable {

  static final String VERSION = "spot-replacer 0.1.0";

  /**
   * The commands, by name. Only the one named on the command line is built: picocli reads a
   * command's annotations by reflection when it is added, and reading all of them cost a cold
   * {@code invoke --help} about 0.1 s (0.37 s against 0.28 s as shipped). Help, a typo or no command
   * at all gets every one, so usage lists them all.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("invoke", InvokeCommand::spec);
    commands.put("simulate", SimulateCommand::new);
    commands.put("storm", StormCommand::new);
    commands.put("prices", PricesCommand::new);
    commands.put("launch", LaunchCommand::new);
    commands.put("requests", RequestsCommand::new);
    commands.put("cancel", CancelCommand::new);
    commands.put("doctor", DoctorCommand::new);
    return Collections.unmodifiableMap(commands);
  }

  /** Exit codes the commands share. */
  static final int OK = 0;
  static final int BAD_INPUT = 2;
  static final int FAILED = 3;
  static final int PENDING = 4;

  private final CommandSpec spec;
  /** The environment the run reads (AWS_REGION, AWS_PROFILE, the shared files' locations): tests pass their own. */
  private final Map<String, String> env;

  private Main(Map<String, String> env) {
    this.env = env;
    spec = CommandSpec.wrapWithoutInspection(this).name("spot-replacer");
    spec.usageMessage().description("Replaces interrupted EC2 spot instances; runs the Lambda's code locally.");
    addStandardHelpOptions(spec);
  }

  /** -h/--help and -V/--version, as picocli's mixinStandardHelpOptions gives an annotated command. */
  static void addStandardHelpOptions(CommandSpec spec) {
    spec.version(VERSION);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("invoke")) {
      // A cold run of one event: about 0.14 s sooner as shipped (docs/performance.md).
      Priming.startInBackground();
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(System.getenv(), out, err, args);
  }

  /** As the process runs it, reading {@code env} instead of the process environment. */
  static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    skipUnusedConverters();
    CommandLine cli = new CommandLine(new Main(env).spec);
    Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named.get());
    } else {
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    cli.setOut(out).setErr(err);
    cli.setParameterExceptionHandler(Main::usageError);
    // A misspelt flag after a list (--instance-types a b --bogus) is a mistake, not a list item.
    cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // The user gets one line, not a stack trace; SPOT_REPLACER_DEBUG=1 shows the trace.
      commandLine.getErr().println("error: " + oneLine(e));
      if (System.getenv("SPOT_REPLACER_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
    });
    return cli.execute(args);
  }

  /**
   * An exception as one line: EC2's error code and message without the SDK's request-id suffix, a
   * call that never reached AWS as what stopped it, anything else by its first line.
   */
  static String oneLine(Exception e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
    }
    if (e instanceof SdkClientException) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException io) {
          return "could not reach AWS (" + io.getClass().getSimpleName()
              + (io.getMessage() == null ? "" : ": " + io.getMessage()) + "): check the network, proxy and --endpoint-url";
        }
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /**
   * A usage mistake is one line naming it and where help is, not the whole help: the AWS CLI's way,
   * and the line stays readable above a terminal's fold.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String message = e.getMessage() == null ? "bad arguments" : e.getMessage().strip().replace('\n', ' ');
    command.getErr().println("error: " + message + " (see: " + command.getCommandSpec().qualifiedName() + " --help)");
    command.getErr().flush();
    return BAD_INPUT;
  }

  /** The environment of the run that {@code spec}, a command or mixin of it, belongs to. */
  static Map<String, String> env(CommandSpec spec) {
    CommandSpec root = spec;
    while (root.parent() != null) {
      root = root.parent();
    }
    return root.userObject() instanceof Main main ? main.env : System.getenv();
  }

  /** picocli's switch for built-in converters it should not register (a regex over class names). */
  static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  /**
   * No option here takes a java.time or java.sql type, yet picocli registers a converter for each
   * such class by reflection on every start: about 50 ms of a plain cold {@code invoke}
   * (docs/performance.md). A value the user set is left alone.
   */
  static void skipUnusedConverters() {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.time\\..*,java\\.sql\\..*");
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: " + String.join(", ", COMMANDS.keySet()));
  }
}
