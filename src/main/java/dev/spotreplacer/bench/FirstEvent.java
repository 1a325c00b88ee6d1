package dev.spotreplacer.bench;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.cli.LocalContext;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.lambda.Handler;
import dev.spotreplacer.lambda.Priming;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The function's first invocation in a fresh JVM, timed inside the process: the handler and its
 * client are built first, as Lambda's init does, and with {@code --primed} the SnapStart priming
 * runs before the event, as it does before the snapshot that a restored function resumes from.
 * Prints {@code first-event-ms N}. The emulator answering it starts before the clock does.
 *
 * <p>Usage: {@code java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -cp CLASSPATH dev.spotreplacer.bench.FirstEvent
 * --primed|--unprimed EVENT.json}
 */
public final class FirstEvent {

  /** The line the bench reads. */
  static final String MARK = "first-event-ms ";

  private FirstEvent() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].matches("--(un)?primed")) {
      throw new IllegalArgumentException("usage: FirstEvent --primed|--unprimed EVENT.json");
    }
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    Notice notice = new EventParser().parse(event);
    VirtualClock clock = new VirtualClock(notice.time());
    Scenario scenario = Scenario.defaultFor(notice.instanceId(), notice.region());
    Settings settings = Settings.defaults();
    try (Ec2Emulator emulator = Ec2Emulator.start(scenario, clock, 0);
        Ec2Client ec2 = Clients.ec2(new Clients.Target(Region.of(notice.region()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
            Optional.of(emulator.endpoint())), clock)) {
      long seed = scenario.seed();
      Replacer replacer = new Replacer(ec2, settings, clock, clock, () -> new SplittableRandom(seed),
          Progress.silent());
      Handler handler = new Handler(new Handler.Wiring(replacer, settings, clock));
      if (args[0].equals("--primed")) {
        new Priming().beforeCheckpoint(null);
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      LocalContext context = new LocalContext(clock, 300, new PrintStream(OutputStream.nullOutputStream()));
      long start = System.nanoTime();
      handler.handleRequest(new ByteArrayInputStream(event), output, context);
      double millis = (System.nanoTime() - start) / 1e6;
      if (!output.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"replaced\"")) {
        throw new IllegalStateException("the event did not end replaced: " + output.toString(StandardCharsets.UTF_8));
      }
      System.out.println(MARK + String.format(Locale.ROOT, "%.1f", millis));
    }
  }
}
