package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.EventParserPropertiesTest;
import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.replace.Outcome;
import dev.spotreplacer.replace.Progress;
import dev.spotreplacer.replace.Replacer;
import dev.spotreplacer.replace.Result;
import dev.spotreplacer.replace.Settings;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Bad input through the whole handler against the emulator, where the event names an instance
 * that a valid event would replace: it never reaches a mutating EC2 call.
 */
class HandlerBadInputPropertiesTest {

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private Ec2Emulator emulator;
  private Ec2Client ec2;
  private Handler handler;

  @BeforeProperty
  void start() throws IOException {
    emulator = Ec2Emulator.start(Scenario.defaultFor("i-1234567890abcdef0", "us-east-2"), clock, 0);
    ec2 = Clients.ec2(new Clients.Target(Region.US_EAST_2,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint())), clock);
    Settings settings = Settings.defaults();
    Replacer replacer = new Replacer(ec2, settings, clock, clock, () -> new SplittableRandom(1), Progress.silent());
    handler = new Handler(new Handler.Wiring(replacer, settings, clock));
  }

  @AfterProperty
  void stop() {
    ec2.close();
    emulator.close();
  }

  @Property(tries = 300)
  void invalidOrUnsupportedEvents_neverMakeAMutatingCall(
      @ForAll("paths") String path, @ForAll("values") JsonNode value, @ForAll boolean remove) {
    byte[] event = EventParserPropertiesTest.mutate(path, remove ? null : value).getBytes(StandardCharsets.UTF_8);
    Assume.that(!parses(event));

    try {
      Result result = handler.handle(event, new TestContext(clock, 300));
      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    } catch (InvalidEventException e) {
      assertThat(e.getMessage()).isNotBlank();
    }

    assertThat(emulator.mutatingCalls()).isZero();
  }

  @Property(tries = 300)
  void garbage_neverReachesEc2(@ForAll byte[] garbage) {
    int before = emulator.actions().size();
    try {
      handler.handle(garbage, new TestContext(clock, 300));
    } catch (InvalidEventException e) {
      assertThat(e.getMessage()).isNotBlank();
    }

    assertThat(emulator.actions()).hasSize(before);
  }

  private static boolean parses(byte[] event) {
    try {
      new EventParser().parse(event);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(EventParserPropertiesTest.PATHS);
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return EventParserPropertiesTest.jsonValues();
  }

}
