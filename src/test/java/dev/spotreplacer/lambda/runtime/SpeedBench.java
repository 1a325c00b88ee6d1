package dev.spotreplacer.lambda.runtime;

import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Measures, through the Lambda runtime harness, what issue "Run as Lambda runs it" asks for, in
 * interleaved rounds, and prints medians and ratios:
 *
 * <ul>
 *   <li>cold, no snapshot: process start to RequestSpotInstances reaching the emulator, for the
 *       deployed function under the runtime client, and for {@link BareThreeCalls} with the same
 *       JVM flags and jars;
 *   <li>primed: after the SnapStart hooks, the first event to RequestSpotInstances, against a warm
 *       event in the same JVM.
 * </ul>
 *
 * Run with {@code ./mvnw -B verify -Pbench} (README, docs/performance.md). Not a test: it asserts nothing.
 */
public final class SpeedBench {

  private static final String REGION = "us-east-2";
  private static final int INSTANCES = 4;

  private SpeedBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Map<String, List<Double>> ms = new TreeMap<>();
    for (int round = 0; round < rounds; round++) {
      try (LambdaHarness cold = LambdaHarness.start(world(), Map.of(), false)) {
        warmUp(cold.emulator);
        long at = requestArrives(cold.emulator, 1, () -> cold.invoke(event(0), Duration.ofSeconds(300)));
        add(ms, "cold function (process start -> request)", (at - cold.startedNanos()) / 1e6);
        add(ms, "cold bare three calls (process start -> request)", bare(cold, instanceId(1)));
      }
      try (LambdaHarness primed = LambdaHarness.start(world(), Map.of())) {
        warmUp(primed.emulator);
        long sent = System.nanoTime();
        long first = requestArrives(primed.emulator, 1, () -> primed.invoke(event(0), Duration.ofSeconds(300)));
        add(ms, "primed first event (event -> request)", (first - sent) / 1e6);
        for (int i = 1; i < INSTANCES; i++) {
          int n = i;
          long warmSent = System.nanoTime();
          long warm = requestArrives(primed.emulator, i + 1,
              () -> primed.invoke(event(n), Duration.ofSeconds(300)));
          add(ms, "warm event (event -> request)", (warm - warmSent) / 1e6);
        }
      }
      System.err.println("round " + (round + 1) + "/" + rounds + " done");
    }
    System.out.println("median over " + rounds + " interleaved rounds (ms):");
    ms.forEach((name, values) -> System.out.printf("  %-52s %8.1f  (n=%d)%n", name, median(values), values.size()));
    double coldRatio = median(ms.get("cold function (process start -> request)"))
        / median(ms.get("cold bare three calls (process start -> request)"));
    double primedRatio = median(ms.get("primed first event (event -> request)"))
        / median(ms.get("warm event (event -> request)"));
    System.out.printf("cold function / bare program: %.2fx (target <= 1.0x)%n", coldRatio);
    System.out.printf("primed first event / warm event: %.2fx (target <= 2.0x)%n", primedRatio);
  }

  /**
   * A few signed calls to a new emulator from this JVM first: its own first answers (the JIT, the
   * signature check's first use) would otherwise be charged to whichever process calls it first.
   */
  private static void warmUp(Ec2Emulator emulator) {
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(emulator.endpoint()).region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      for (int i = 0; i < 20; i++) {
        ec2.describeInstances(r -> r.instanceIds(instanceId(0)));
        ec2.describeSpotPriceHistory(r -> r.instanceTypesWithStrings("m5.large").productDescriptions("Linux/UNIX"));
        ec2.describeSpotInstanceRequests();
        ec2.describeInstanceAttribute(r -> r.instanceId(instanceId(0)).attribute("userData"));
      }
    }
  }

  /** Runs {@link BareThreeCalls} as its own JVM with the function's flags, jars and environment. */
  private static double bare(LambdaHarness world, String instanceId) throws Exception {
    String classpath = world.taskRoot.resolve("lib") + File.separator + "*" + File.pathSeparator
        + Path.of(BareThreeCalls.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LambdaHarness.lambdaJvmFlags(world.template.memoryMb()));
    command.addAll(List.of("-cp", classpath, BareThreeCalls.class.getName(), instanceId));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(world.environment);
    int before = requests(world.emulator);
    long start = System.nanoTime();
    Process process = builder.start();
    long at = requestArrives(world.emulator, before + 1, () -> null);
    process.waitFor(60, TimeUnit.SECONDS);
    return (at - start) / 1e6;
  }

  /**
   * Starts {@code action} on its own thread and returns when the {@code n}th request arrived,
   * after the action ended (so the next measurement starts with the function idle).
   */
  private static long requestArrives(Ec2Emulator emulator, int n, java.util.concurrent.Callable<?> action)
      throws Exception {
    Thread thread = new Thread(() -> {
      try {
        action.call();
      } catch (Exception e) {
        // A pending answer or a slow boot does not matter here: the request has been timed.
      }
    });
    thread.setDaemon(true);
    thread.start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (requests(emulator) < n) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("no RequestSpotInstances within 60 s");
      }
      Thread.onSpinWait();
    }
    long arrived = System.nanoTime();
    thread.join(TimeUnit.SECONDS.toMillis(120));
    return arrived;
  }

  private static int requests(Ec2Emulator emulator) {
    return emulator.actionCounts().getOrDefault("RequestSpotInstances", 0L).intValue();
  }

  private static Scenario world() {
    List<Scenario.InstanceSpec> instances = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      instances.add(Scenario.InstanceSpec.builder(instanceId(i), "m5.large", REGION + "a")
          .tags(new TreeMap<>(Map.of("spot-replacer:enabled", "true"))).build());
    }
    Scenario plain = Scenario.defaultFor(instanceId(0), REGION);
    return new Scenario(REGION, instances, plain.pools(), new Scenario.Timing(1, 1, 2), plain.seed(),
        plain.subnets());
  }

  private static String instanceId(int n) {
    return String.format("i-%017x", 0x1234567890abcdf0L + n);
  }

  private static byte[] event(int n) throws Exception {
    String sample = Files.readString(Path.of("events/spot-interruption-warning.json"));
    return sample.replace("i-1234567890abcdef0", instanceId(n)).getBytes(StandardCharsets.UTF_8);
  }

  private static void add(Map<String, List<Double>> ms, String name, double value) {
    ms.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
