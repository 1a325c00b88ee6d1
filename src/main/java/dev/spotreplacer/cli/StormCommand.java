package dev.spotreplacer.cli;

import dev.spotreplacer.lambda.Json;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs an interruption storm through the handler against the emulator and prints its figures. */
@Command(name = "storm", mixinStandardHelpOptions = true,
    description = "Deliver N interruption warnings at once (plus duplicate deliveries) to the Lambda handler"
        + " against the built-in emulator with EC2's throttling on and injected faults, on virtual time."
        + " A live line on stderr every few seconds; the figures on stdout. Exit 0 when every instance was"
        + " replaced once and none lost, 3 otherwise.")
final class StormCommand implements Callable<Integer> {

  /** How often the live line prints. */
  static final Duration TICK = Duration.ofSeconds(5);

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Reporting reporting;

  @Option(names = "--events", defaultValue = "500", description = "Interrupted opted-in instances, one warning each (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--duplicates", defaultValue = "50", description = "Extra deliveries of the same events, arriving within 3 s (default: ${DEFAULT-VALUE}).")
  int duplicates;

  @Option(names = "--fault-rate", defaultValue = "0.05", description = "Share of EC2 calls answered InternalError/Unavailable (default: ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(names = "--slow-rate", defaultValue = "0.02", description = "Share of EC2 calls answered 2 s late (default: ${DEFAULT-VALUE}).")
  double slowRate;

  @Option(names = "--seed", defaultValue = "1", description = "Seeds ids, prices, faults and arrival times (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timeout-seconds", defaultValue = "300", description = "The function's time limit per invocation, virtual (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /**
   * True on G1 without a heap limit: 550 concurrent flows make G1's young pauses long, and it answers
   * by growing the heap (measured: 3 to 4 GB peak RSS), though little of it stays live.
   */
  static boolean growsHeapFreely(List<String> jvmArguments, List<String> collectors) {
    boolean capped = jvmArguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
        || a.startsWith("-XX:MaxRAM"));
    return !capped && collectors.stream().anyMatch(name -> name.startsWith("G1"));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputFormat format = reporting.format(Main.env(spec), null);
    Storm.Options options = new Storm.Options(events, duplicates, faultRate, slowRate, seed, timeoutSeconds);
    Notes notes = reporting.notes(spec.commandLine().getErr());
    List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList();
    Optional<List<String>> child = StormFork.command(System.getProperty("sun.java.command"), jvmArguments,
        collectors, Path.of(System.getProperty("java.home")), StormFork.ownLocation(),
        spec.commandLine().getParseResult().originalArgs());
    if (child.isPresent()) {
      notes.say("storm: in a child JVM with " + (child.get().contains("-XX:+UseSerialGC") ? "-XX:+UseSerialGC " : "")
          + StormFork.HEAP + ": G1 with no heap limit grows to several GB under this load (set -Xmx to run it in"
          + " this JVM)");
      return StormFork.run(child.get(), out, spec.commandLine().getErr());
    }
    notes.say("storm: " + events + " warnings + " + duplicates + " duplicates, faults " + faultRate + ", slow "
        + slowRate + ", seed " + seed + ", throttling on");
    long started = System.nanoTime();
    Storm storm = new Storm(options);
    StormReport report;
    try (Ticker ticker = Ticker.start(notes, TICK, storm::status)) {
      report = storm.run();
    }
    long wallMs = (System.nanoTime() - started) / 1_000_000;
    notes.say("storm: done in " + InvokeCommand.elapsed(wallMs).strip() + " s wall, "
        + InvokeCommand.elapsed(report.virtualDurationMs()).strip() + " s virtual");
    format.print(Json.mapper().valueToTree(report), out);
    boolean clean = report.replaced() == report.distinctInstances() && report.duplicateReplacements() == 0
        && report.lost() == 0;
    return clean ? Main.OK : Main.FAILED;
  }
}
