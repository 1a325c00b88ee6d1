package dev.spotreplacer.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The local runner: {@code java -jar spot-replacer.jar <command>}. */
@Command(name = "spot-replacer", mixinStandardHelpOptions = true, version = "spot-replacer 0.1.0",
    description = "Replaces interrupted EC2 spot instances; runs the Lambda's code locally.",
    subcommands = {InvokeCommand.class, SimulateCommand.class, StormCommand.class, BenchCommand.class,
        PricesCommand.class, LaunchCommand.class, RequestsCommand.class, CancelCommand.class, DoctorCommand.class})
public final class Main implements Runnable {

  /** Exit codes the commands share. */
  static final int OK = 0;
  static final int BAD_INPUT = 2;
  static final int FAILED = 3;
  static final int PENDING = 4;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // The user gets one line, not a stack trace; SPOT_REPLACER_DEBUG=1 shows the trace.
      commandLine.getErr().println("error: " + e.getMessage());
      if (System.getenv("SPOT_REPLACER_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a command: invoke, simulate, storm, bench, prices, launch, requests, cancel or doctor");
  }
}
