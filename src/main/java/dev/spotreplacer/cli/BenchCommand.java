package dev.spotreplacer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotreplacer.bench.Bench;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.replace.Settings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures cold start, warm overhead, round trips and the deployed size; not a test, nothing gates on it. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure cold start (fresh JVMs), warm overhead per event, EC2 round trips before the"
        + " spot request, and the deployed size. Run from the project directory after a build. Progress"
        + " on stderr; the last stdout line is one JSON object with the figures (medians).")
final class BenchCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Reporting reporting;

  @Option(names = "--runs", defaultValue = "7", description = "Fresh JVMs per kind of cold run (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--events", defaultValue = "1000", description = "Events measured in the warm JVM (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--warm-up", defaultValue = "200", description = "Events run first and not measured (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(names = "--event", defaultValue = "events/spot-interruption-warning.json", description = "The event (default: ${DEFAULT-VALUE}).")
  Path eventFile;

  @Option(names = "--jar", defaultValue = "target/spot-replacer.jar", description = "The runnable jar (default: ${DEFAULT-VALUE}).")
  Path jar;

  @Option(names = "--launcher", defaultValue = "spot-replacer", description = "The shipped launcher script (default: ${DEFAULT-VALUE}).")
  Path launcher;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputFormat format = reporting.format(Main.env(spec), null);
    Flags.requirePositive(runs, "--runs");
    Flags.requirePositive(events, "--events");
    if (warmUp < 0) {
      throw new IllegalArgumentException("--warm-up " + warmUp + " must be 0 or more");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--jar " + jar + ": no such file (build first: ./mvnw -B -o package -DskipTests)");
    }
    Notes notes = reporting.notes(spec.commandLine().getErr());
    byte[] event = EventFiles.read(eventFile, "--event");
    ObjectMapper json = Json.mapper();
    Notice notice = new EventParser().parse(event);
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Bench bench = new Bench(new Bench.Setup(eventFile, event, notice, Settings.defaults(), jar, launcher,
        Path.of("target/classes"), Path.of("target/sam-lib"), runs, warmUp, events), json,
        clock -> new LocalContext(clock, 300, nowhere), notes::say);
    ObjectNode figures;
    try (Ticker ticker = Ticker.start(notes, Duration.ofSeconds(10), bench::status)) {
      figures = bench.run();
    }
    format.print(figures, out);
    return Main.OK;
  }
}
