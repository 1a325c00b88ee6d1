package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.event.UnsupportedEventException;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.time.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.crac.Core;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The Lambda entry point: EventBridge JSON in, one result JSON out (and logged as one line). */
public final class Handler implements RequestStreamHandler {

  private final EventParser parser;
  private final Replacer replacer;
  private final Settings settings;
  private final Clock clock;
  private final ObjectMapper json;
  /** A field, not a local: CRaC holds registered resources weakly. */
  private final Priming priming = new Priming();

  /** Used by Lambda: the client is built once here, so warm invocations and SnapStart reuse it. */
  public Handler() {
    this(fromEnvironment(System.getenv()));
    // SnapStart: warm the SDK and Jackson just before the snapshot (see Priming).
    Core.getGlobalContext().register(priming);
  }

  public Handler(Wiring wiring) {
    this.json = wiring.json();
    this.parser = new EventParser(json);
    this.settings = wiring.settings();
    this.clock = wiring.clock();
    this.replacer = wiring.replacer();
  }

  /** What the handler is built from; the local runner passes its own (emulator, virtual clock). */
  public record Wiring(Replacer replacer, Settings settings, Clock clock, ObjectMapper json) {}

  static Wiring fromEnvironment(Map<String, String> env) {
    Settings settings = Settings.fromEnvironment(env);
    Clock clock = Clock.systemUTC();
    var ec2 = Clients.ec2(new Clients.Target(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")),
        EnvironmentVariableCredentialsProvider.create(), Optional.empty()));
    // A generator per invocation, not a seeded field: a SnapStart snapshot would share the seed.
    Replacer replacer = new Replacer(ec2, settings, clock, Sleeper.system(), ThreadLocalRandom::current,
        Progress.silent());
    return new Wiring(replacer, settings, clock, Json.mapper());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Result result = handle(input.readAllBytes(), context);
    String line = json.writeValueAsString(result);
    context.getLogger().log(line + "\n");
    output.write(line.getBytes(StandardCharsets.UTF_8));
    if (result.outcome() == Outcome.PENDING) {
      // A function error makes Lambda retry the event; the retry finds the request and resumes.
      throw new ReplacementPendingException(result);
    }
  }

  /** Parses and replaces; an invalid event throws {@code InvalidEventException} before any EC2 call. */
  public Result handle(byte[] event, Context context) {
    Notice notice;
    try {
      notice = parser.parse(event);
    } catch (UnsupportedEventException e) {
      return new Result(Outcome.SKIPPED, "event-not-handled", e.getMessage(), null, null, null, null,
          null, null, null, null, List.of(), new dev.spotreplacer.replace.Timings(null, null, null, 0), Map.of());
    }
    Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis())
        .minus(settings.safetyMargin());
    return replacer.replace(notice, deadline);
  }
}
