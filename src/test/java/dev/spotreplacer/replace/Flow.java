package dev.spotreplacer.replace;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.event.EventParser;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;

/** The real flow against the emulator over HTTP, with the real SDK client, on virtual time. */
final class Flow implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String OLD = "i-0123456789abcdef0";

  final VirtualClock clock = new VirtualClock(T0);
  final Ec2Emulator emulator;
  final Ec2Client ec2;
  /** The container's Price List, on the emulator: every Replacer of this flow shares its cache. */
  final PriceListApi priceList;
  private final AtomicReference<PricingClient> pricing = new AtomicReference<>();
  final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  Flow(Scenario scenario) {
    try {
      emulator = Ec2Emulator.start(scenario, clock, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Clients.Target target = new Clients.Target(Region.of(scenario.region()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint()));
    ec2 = Clients.ec2(target, clock);
    priceList = new PriceListApi(() -> pricing.updateAndGet(built -> built != null ? built : Clients.pricing(target)),
        clock);
  }

  static Flow of(String scenarioJson) {
    return new Flow(Scenario.fromJson(scenarioJson));
  }

  Replacer replacer(Settings settings) {
    return replacer(ec2, settings);
  }

  /** A replacer on its own client, e.g. one whose interceptors make the run die at a chosen call. */
  Replacer replacer(Ec2Client client, Settings settings) {
    return new Replacer(client, settings, clock, clock, () -> new SplittableRandom(7), progress::add,
        Replacer.readAheadThreads(), priceList);
  }

  /** Another SDK client on the emulator, with {@code interceptors}. */
  Ec2Client client(List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors) {
    return Clients.ec2(new Clients.Target(Region.of(emulator.scenario().region()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)),
        Optional.of(emulator.endpoint())), interceptors);
  }

  static Notice notice(String eventJson) {
    return new EventParser().parse(eventJson.getBytes(StandardCharsets.UTF_8));
  }

  Result replace(Settings settings, String eventJson) {
    return replace(settings, eventJson, Duration.ofMinutes(5));
  }

  Result replace(Settings settings, String eventJson, Duration budget) {
    Notice notice = new EventParser().parse(eventJson.getBytes(StandardCharsets.UTF_8));
    return replacer(settings).replace(notice, clock.instant().plus(budget));
  }

  static String warning(String instanceId) {
    return warning(instanceId, "terminate");
  }

  static String warning(String instanceId, String action) {
    return "{\"version\":\"0\",\"id\":\"evt-" + instanceId + "\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
        + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-23T10:00:00Z\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1a:instance/" + instanceId + "\"],"
        + "\"detail\":{\"instance-id\":\"" + instanceId + "\",\"instance-action\":\"" + action + "\"}}";
  }

  /**
   * The usual scenario: the opted-in instance in us-east-1a, three m5.large pools where 1a is not
   * the cheapest; {@code pools} replaces the pool list when given.
   */
  static String scenario(String extraTagsJson, String poolsJson) {
    return """
        {"region": "us-east-1",
         "instances": [{"instanceId": "%s", "instanceType": "m5.large",
                        "availabilityZone": "us-east-1a", "subnetId": "subnet-0a1", "imageId": "ami-0a1",
                        "lifecycle": "spot", "securityGroupIds": ["sg-0a1"], "keyName": "ops",
                        "iamInstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/web",
                        "userData": "IyEvYmluL3NoCmV4cG9ydCBEQl9QQVNTV09SRD1odW50ZXIy",
                        "tags": {"spot-replacer:enabled": "true", "Name": "web-1", "db-password": "hunter2"%s}}],
         "subnets": [{"subnetId": "subnet-0b1", "availabilityZone": "us-east-1b"},
                     {"subnetId": "subnet-0c1", "availabilityZone": "us-east-1c"}],
         "pools": %s,
         "timing": {"evaluateSeconds": 1, "fulfillSeconds": 3, "bootSeconds": 40},
         "seed": 7}
        """.formatted(OLD, extraTagsJson, poolsJson);
  }

  static final String THREE_POOLS = """
      [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.0400", "capacity": 10},
       {"instanceType": "m5.large", "availabilityZone": "us-east-1b", "price": "0.0310", "capacity": 10},
       {"instanceType": "m5.large", "availabilityZone": "us-east-1c", "price": "0.0350", "capacity": 10}]""";

  static Settings allSubnets() {
    return Settings.defaults().withSubnetIds(List.of("subnet-0a1", "subnet-0b1", "subnet-0c1"));
  }

  @Override
  public void close() {
    ec2.close();
    Optional.ofNullable(pricing.get()).ifPresent(PricingClient::close);
    emulator.close();
  }
}
