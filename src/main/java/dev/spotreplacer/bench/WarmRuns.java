package dev.spotreplacer.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.lambda.Handler;
import dev.spotreplacer.lambda.ReplacementPendingException;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The same event, handled again and again in one JVM, each time on a fresh emulator (so every run
 * is a full replacement), timing the handler and the time EC2 calls were in flight.
 */
final class WarmRuns {

  /**
   * Per-event figures in milliseconds, round trips before the request by dependency and as observed;
   * the call trace of the last measured event.
   */
  record Result(double[] totalMs, double[] ownMs, double[] ownHttpMs, double[] roundTrips,
      double[] roundTripsObserved, List<CallTimes.Call> lastCalls) {}

  private final byte[] event;
  private final Notice notice;
  private final Settings settings;
  private final ObjectMapper json;
  private final Function<Clock, Context> context;

  WarmRuns(byte[] event, Notice notice, Settings settings, ObjectMapper json, Function<Clock, Context> context) {
    this.event = event;
    this.notice = notice;
    this.settings = settings;
    this.json = json;
    this.context = context;
  }

  /** {@code done} hears the count of events handled so far (warm-up included), for a live line. */
  Result run(int warmUp, int measured, java.util.function.IntConsumer done) throws IOException {
    double[] total = new double[measured];
    double[] own = new double[measured];
    double[] ownHttp = new double[measured];
    double[] roundTrips = new double[measured];
    double[] roundTripsObserved = new double[measured];
    List<CallTimes.Call> last = List.of();
    HttpTimes http = new HttpTimes();
    for (int i = -warmUp; i < measured; i++) {
      VirtualClock clock = new VirtualClock(notice.time());
      Scenario scenario = Scenario.defaultFor(notice.instanceId(), notice.region());
      try (Ec2Emulator emulator = Ec2Emulator.start(scenario, clock, 0);
          Ec2Client ec2 = Clients.ec2(new Clients.Target(Region.of(notice.region()),
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATED", "simulated")),
              Optional.of(emulator.endpoint())), List.of(http))) {
        CallTimes timed = new CallTimes(ec2);
        long seed = scenario.seed();
        Replacer replacer = new Replacer(timed, settings, clock, clock, () -> new SplittableRandom(seed),
            Progress.silent());
        Handler handler = new Handler(new Handler.Wiring(replacer, settings, clock));
        http.reset();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
          handler.handleRequest(new ByteArrayInputStream(event), output, context.apply(clock));
        } catch (ReplacementPendingException e) {
          throw new IllegalStateException("the sample event ended pending: " + e.getMessage(), e);
        }
        long nanos = System.nanoTime() - start;
        String result = output.toString(StandardCharsets.UTF_8);
        if (!result.contains("\"outcome\":\"replaced\"")) {
          throw new IllegalStateException("the sample event did not end replaced: " + result);
        }
        done.accept(warmUp + i + 1);
        if (i >= 0) {
          total[i] = nanos / 1e6;
          own[i] = (nanos - timed.busyNanos()) / 1e6;
          ownHttp[i] = (nanos - http.busyNanos()) / 1e6;
          last = timed.calls();
          List<CallTimes.Call> before = CallTimes.beforeRequest(last);
          roundTrips[i] = CallTimes.roundTripsByDependency(before);
          roundTripsObserved[i] = CallTimes.roundTripsObserved(before);
          if (roundTrips[i] > 3) {
            System.err.println("event " + i + ": " + (int) roundTrips[i] + " round trips before the request: "
                + CallTimes.describe(before));
          }
        }
      }
    }
    return new Result(total, own, ownHttp, roundTrips, roundTripsObserved, last);
  }
}
