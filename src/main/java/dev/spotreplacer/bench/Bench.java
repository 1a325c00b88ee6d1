package dev.spotreplacer.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** The benchmark behind {@code bench}: cold runs in fresh JVMs, then warm runs in this one. */
public final class Bench {

  /** The JVM options template.yaml gives the function (JAVA_TOOL_OPTIONS); the first-event runs use them. */
  public static final List<String> LAMBDA_JVM_OPTIONS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");

  /** What to run and how often. */
  public record Setup(Path eventFile, byte[] event, Notice notice, Settings settings, Path jar, Path launcher,
      Path classes, Path samLib, int runs, int warmUp, int events) {}

  private final Setup setup;
  private final ObjectMapper json;
  private final Function<Clock, Context> context;
  private final Consumer<String> progress;

  public Bench(Setup setup, ObjectMapper json, Function<Clock, Context> context, Consumer<String> progress) {
    this.setup = setup;
    this.json = json;
    this.context = context;
    this.progress = progress;
  }

  /** Warm events handled so far; -1 before the warm phase. */
  private volatile int warmDone = -1;

  /** Where the benchmark is, for a live line. */
  public String status() {
    int done = warmDone;
    return done < 0 ? "bench: cold runs (a line after each)"
        : "bench: warm " + done + " of " + (setup.warmUp() + setup.events()) + " events";
  }

  public ObjectNode run() throws IOException, InterruptedException {
    ObjectNode figures = json.createObjectNode();
    String loadBefore = loadAverage();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = setup.jar().toString();
    String event = setup.eventFile().toString();
    List<String> hello = List.of(java, "-cp", jar, Hello.class.getName());
    List<String> plain = List.of(java, "-jar", jar, "invoke", event, "--simulate", "--quiet");
    // The deployed layout: what sam build zips (target/classes with the trimmed ec2 classes, lib/).
    String samClasspath = setup.classes() + File.pathSeparator + setup.samLib() + File.separator + "*";
    List<String> samLayout = List.of(java, "-cp", samClasspath, "dev.spotreplacer.cli.Main", "invoke", event,
        "--simulate", "--quiet");
    // The function's first event in a fresh JVM, on the deployed layout with template.yaml's C1 flag:
    // after a cold init, and after SnapStart's priming (what a restored snapshot resumes from).
    List<String> firstEvent = concat(List.of(java), LAMBDA_JVM_OPTIONS,
        List.of("-cp", samClasspath, FirstEvent.class.getName(), "--unprimed", event));
    List<String> firstEventPrimed = concat(List.of(java), LAMBDA_JVM_OPTIONS,
        List.of("-cp", samClasspath, FirstEvent.class.getName(), "--primed", event));
    boolean launcher = Files.isRegularFile(setup.launcher());
    List<String> shipped = launcher
        ? List.of("sh", setup.launcher().toString(), "invoke", event, "--simulate", "--quiet") : plain;

    // Interleaved, so that a change in the machine's load touches every kind alike.
    double[] helloMs = new double[setup.runs()];
    double[] shippedMs = new double[setup.runs()];
    double[] plainMs = new double[setup.runs()];
    double[] shippedRss = new double[setup.runs()];
    double[] plainRss = new double[setup.runs()];
    double[] samMs = new double[setup.runs()];
    double[] firstMs = new double[setup.runs()];
    double[] firstPrimedMs = new double[setup.runs()];
    if (setup.runs() > 0) {
      ColdRuns.once(shipped, "{");
    }
    for (int i = 0; i < setup.runs(); i++) {
      helloMs[i] = ColdRuns.once(hello, "hello").millis();
      ColdRuns.Run s = ColdRuns.once(shipped, "{");
      ColdRuns.Run p = ColdRuns.once(plain, "{");
      samMs[i] = ColdRuns.once(samLayout, "{").millis();
      firstMs[i] = ColdRuns.once(firstEvent, FirstEvent.MARK).reported(FirstEvent.MARK);
      firstPrimedMs[i] = ColdRuns.once(firstEventPrimed, FirstEvent.MARK).reported(FirstEvent.MARK);
      shippedMs[i] = s.millis();
      shippedRss[i] = s.peakRssKb() / 1024.0;
      plainMs[i] = p.millis();
      plainRss[i] = p.peakRssKb() / 1024.0;
      progress.accept(String.format("cold run %d/%d: hello %.0f ms, shipped %.0f ms, plain %.0f ms,"
          + " SAM layout %.0f ms, first event %.0f ms (primed %.0f ms) (load %s)", i + 1, setup.runs(), helloMs[i],
          shippedMs[i], plainMs[i], samMs[i], firstMs[i], firstPrimedMs[i], loadAverage()));
    }
    double cold = Stats.median(shippedMs);
    double helloMedian = Stats.median(helloMs);
    figures.put("coldProcessMs", Stats.round(cold, 1));
    figures.put("coldProcessHow", launcher ? "sh " + setup.launcher() + " (CDS archive if built, C1 only, one compiler thread)"
        : "java -jar (no launcher found)");
    figures.put("helloJvmMs", Stats.round(helloMedian, 1));
    figures.put("coldToHelloRatio", Stats.round(cold / helloMedian, 1));
    figures.put("coldPlainMs", Stats.round(Stats.median(plainMs), 1));
    figures.put("coldSamLayoutMs", Stats.round(Stats.median(samMs), 1));
    figures.put("coldSamLayoutHow", "java -cp target/classes:target/sam-lib/* (the deployed files, trimmed ec2)");
    double first = Stats.median(firstMs);
    double firstPrimed = Stats.median(firstPrimedMs);
    figures.put("firstEventMs", Stats.round(first, 1));
    figures.put("firstEventPrimedMs", Stats.round(firstPrimed, 1));
    figures.put("firstEventPrimedRatio", Stats.round(firstPrimed / first, 2));
    figures.put("firstEventHow", "handler time of the first event in a fresh JVM after init (deployed layout, C1),"
        + " without and with SnapStart's priming before it");
    figures.put("peakRssMb", Stats.round(Stats.median(shippedRss), 1));
    figures.put("peakRssPlainMb", Stats.round(Stats.median(plainRss), 1));
    figures.put("coldRuns", setup.runs());

    progress.accept("warm: " + setup.warmUp() + " events to warm up, then " + setup.events() + " measured");
    WarmRuns.Result warm = new WarmRuns(setup.event(), setup.notice(), setup.settings(), json, context)
        .run(setup.warmUp(), setup.events(), n -> warmDone = n);
    figures.put("warmOverheadMs", Stats.round(Stats.median(warm.ownMs()), 2));
    figures.put("warmOverheadHow", "handler time minus time inside EC2 SDK calls, median per event");
    figures.put("warmOverheadWithSdkMs", Stats.round(Stats.median(warm.ownHttpMs()), 2));
    figures.put("warmOverheadWithSdkHow", "handler time minus request-sent-to-response-headers time: adds the"
        + " SDK's marshalling, signing, body reading and parsing");
    figures.put("warmTotalMs", Stats.round(Stats.median(warm.totalMs()), 2));
    figures.put("warmEvents", setup.events());
    List<CallTimes.Call> before = CallTimes.beforeRequest(warm.lastCalls());
    figures.put("callsBeforeRequest", before.size());
    // By dependency: a call follows another only if it was issued after that one ended. Observed:
    // if it started after, so a parallel call whose thread was not scheduled at once adds one.
    // Each the median over the measured events, and the most seen.
    figures.put("roundTripsBeforeRequest", Stats.median(warm.roundTrips()));
    figures.put("roundTripsBeforeRequestMax", Arrays.stream(warm.roundTrips()).max().orElse(0));
    figures.put("roundTripsBeforeRequestObserved", Stats.median(warm.roundTripsObserved()));
    figures.put("roundTripsBeforeRequestObservedMax", Arrays.stream(warm.roundTripsObserved()).max().orElse(0));
    List<String> actions = new ArrayList<>();
    before.stream().sorted((a, b) -> Long.compare(a.start(), b.start())).forEach(c -> actions.add(c.action()));
    figures.put("callsBeforeRequestOrder", String.join(",", actions));
    figures.put("callsPerEvent", warm.lastCalls().size());

    Artifact.Size sam = Artifact.samZip(setup.classes(), setup.samLib());
    figures.put("jarBytes", sam.zipped());
    figures.put("jarHow", "SAM artifact: target/classes + runtime deps (target/sam-lib), zipped");
    figures.put("samUnzippedBytes", sam.unzipped());
    figures.put("shadedJarBytes", Files.size(setup.jar()));
    figures.put("loadBefore", loadBefore);
    figures.put("loadAfter", loadAverage());
    figures.put("cpus", Runtime.getRuntime().availableProcessors());
    return figures;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
