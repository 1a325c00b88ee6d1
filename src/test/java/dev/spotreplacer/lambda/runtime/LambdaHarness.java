package dev.spotreplacer.lambda.runtime;

import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The deployed function run as Lambda runs it: the zip that template.yaml's CodeUri names,
 * unpacked as the task root, in its own JVM started by AWS's runtime interface client, with the
 * environment Lambda gives a SnapStart function (no access keys; the container-credentials
 * endpoint), the template's variables and JAVA_TOOL_OPTIONS, and EC2 behind the SDK's standard
 * AWS_ENDPOINT_URL: the emulator, which checks every signature against the credentials the
 * endpoint issued.
 */
public final class LambdaHarness implements AutoCloseable {

  /** Real time runs this much slower than the emulator's. */
  static final int SPEED = 20;
  /**
   * The emulator's time starts at the wall clock's: the function keeps real time, and EC2's
   * timestamps (a plan template's creation, which the sweep ages) must be comparable with it.
   */
  static final Instant START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final List<String> RUNTIME_JARS = List.of("aws-lambda-java-runtime-interface-client",
      "aws-lambda-java-core", "aws-lambda-java-serialization", "utils-lite");

  public final TemplateFunction template;
  public final Ec2Emulator emulator;
  public final CredentialsEndpoint credentials;
  public final RuntimeApi runtimeApi;
  private Process process;
  private ProcessBuilder builder;
  private final long startedNanos = System.nanoTime();
  final Path taskRoot;
  final Map<String, String> environment;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private LambdaHarness(TemplateFunction template, Ec2Emulator emulator, CredentialsEndpoint credentials,
      RuntimeApi runtimeApi, Process process, Path taskRoot, Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    this.template = template;
    this.emulator = emulator;
    this.credentials = credentials;
    this.runtimeApi = runtimeApi;
    this.process = process;
    this.taskRoot = taskRoot;
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
  }

  /** Starts the world and the function; the SnapStart life cycle runs before this returns. */
  public static LambdaHarness start(Scenario scenario, Map<String, String> settings) throws Exception {
    return start(scenario, settings, true);
  }

  /**
   * As above; with {@code snapStart} false the function starts as a plain cold start would, even
   * though the template turns SnapStart on (the benchmark's comparison), and this returns at once.
   */
  public static LambdaHarness start(Scenario scenario, Map<String, String> settings, boolean snapStart)
      throws Exception {
    TemplateFunction read = TemplateFunction.read(Path.of(System.getProperty("template.file", "template.yaml")));
    TemplateFunction template = snapStart ? read : new TemplateFunction(read.handler(), read.runtime(),
        read.codeUri(), read.timeout(), read.memoryMb(), read.logFormat(), false, read.environment());
    Path zip = Path.of(System.getProperty("function.zip", "target/spot-replacer-function.zip"));
    if (!Files.isSameFile(zip, template.codeUri())) {
      throw new IllegalStateException("template.yaml deploys " + template.codeUri() + ", not the tested " + zip);
    }
    Ec2Emulator emulator = Ec2Emulator.start(scenario, new FastForwardClock(START, SPEED), 0);
    CredentialsEndpoint credentials = CredentialsEndpoint.start(
        issued -> emulator.acceptCredentials(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken()),
        retired -> emulator.revokeCredentials(retired.accessKeyId()));
    // SnapStart: Lambda resumes the snapshot in a new environment, with the role's credentials
    // renewed; whatever the snapshot kept from before must not be used.
    RuntimeApi runtimeApi = RuntimeApi.start(credentials::rotate);
    Path taskRoot = unzip(zip);
    ProcessBuilder builder = new ProcessBuilder(command(template)).directory(taskRoot.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("_HANDLER", template.handler());
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + template.runtime());
    env.put("AWS_LAMBDA_FUNCTION_NAME", "spot-replacer");
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(template.memoryMb()));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/spot-replacer");
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/23/[1]harness");
    env.put("AWS_LAMBDA_LOG_FORMAT", template.logFormat().toUpperCase(java.util.Locale.ROOT));
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
    if (template.snapStart()) {
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    }
    env.put("AWS_REGION", scenario.region());
    env.put("AWS_DEFAULT_REGION", scenario.region());
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.fullUri());
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.authorizationToken());
    env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
    env.putAll(template.environment());
    env.putAll(settings);
    LambdaHarness harness = new LambdaHarness(template, emulator, credentials, runtimeApi, builder.start(), taskRoot,
        env);
    harness.builder = builder;
    harness.awaitReady(1);
    return harness;
  }

  /** The JVM as Lambda's Java runtime starts it (its flags as of the java17/21 runtimes), then JAVA_TOOL_OPTIONS. */
  private static List<String> command(TemplateFunction template) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(lambdaJvmFlags(template.memoryMb()));
    // As Lambda does: the runtime client's native library is installed, not unpacked at each start.
    command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeLibrary());
    command.add("-classpath");
    command.add(runtimeClasspath());
    command.add(RIC_MAIN);
    command.add(template.handler());
    // JAVA_TOOL_OPTIONS is read by the JVM itself from the environment (the template's value).
    return command;
  }

  /** The runtime's own jars, as in /var/runtime/lib: the runtime client and what it needs, none of ours. */
  private static String runtimeClasspath() {
    List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    // Under exec:java (the benchmark) the test classpath is a class loader's, not the JVM's.
    if (LambdaHarness.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
      for (java.net.URL url : loader.getURLs()) {
        entries.add(url.getPath());
      }
    }
    List<String> jars = new ArrayList<>();
    for (String entry : entries.stream().distinct().toList()) {
      String name = Path.of(entry).getFileName().toString();
      if (RUNTIME_JARS.stream().anyMatch(jar -> name.matches(jar + "-\\d.*\\.jar"))) {
        jars.add(entry);
      }
    }
    if (jars.size() != RUNTIME_JARS.size()) {
      throw new IllegalStateException("runtime client jars not on the test classpath: found " + jars);
    }
    return String.join(File.pathSeparator, jars);
  }

  /** The runtime client's JNI library for this machine, unpacked once per test JVM from its jar. */
  private static synchronized String nativeLibrary() throws IOException {
    Path unpacked = Path.of(System.getProperty("java.io.tmpdir"), "spot-replacer-harness-libaws-lambda-jni.so");
    if (!Files.exists(unpacked)) {
      String jar = java.util.Arrays.stream(runtimeClasspath().split(File.pathSeparator))
          .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")).findFirst().orElseThrow();
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar)) {
        ZipEntry entry = zip.getEntry("jni/libaws-lambda-jni.linux-x86_64.so");
        if (entry == null) {
          throw new IOException("no x86_64 JNI library in " + jar);
        }
        Path partial = Files.createTempFile("libaws-lambda-jni", ".so");
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, unpacked, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return unpacked.toString();
  }

  /**
   * Kills the function's process, as a crash or a timeout would, and starts a new execution
   * environment from the same zip against the same world (SnapStart: restored again, with the
   * credentials rotated again).
   */
  public void restart() throws Exception {
    kill();
    int restored = runtimeApi.restores();
    process = builder.start();
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
    awaitReady(restored + 1);
  }

  private void awaitReady(int restores) throws InterruptedException {
    // Ready once the SnapStart restore call was made (or, without SnapStart, once the process is up).
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (template.snapStart() && runtimeApi.restores() < restores && process.isAlive() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    if (!process.isAlive() || (template.snapStart() && runtimeApi.restores() < restores)) {
      throw new IllegalStateException("the function did not start: " + String.join("\n", stdout) + "\n"
          + String.join("\n", stderr) + "\ninit errors: " + runtimeApi.initErrors());
    }
  }

  /** Sends the event in {@code file} with the template's timeout as the time left. */
  public RuntimeApi.Answer invoke(Path file) throws Exception {
    return invoke(Files.readAllBytes(file), template.timeout());
  }

  /** Sends {@code event} with {@code budget} left before the invocation's deadline. */
  public RuntimeApi.Answer invoke(byte[] event, Duration budget) throws Exception {
    RuntimeApi.Answer answer = runtimeApi.invoke(event, budget, budget.plusSeconds(30));
    // Let what the function printed after answering (the metrics line) arrive.
    Thread.sleep(50);
    return answer;
  }

  /** When the function's process was started, on {@link System#nanoTime()}. */
  long startedNanos() {
    return startedNanos;
  }

  /** The JVM flags Lambda's Java runtime starts with, before JAVA_TOOL_OPTIONS. */
  static List<String> lambdaJvmFlags(int memoryMb) {
    return List.of("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
        "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr");
  }

  /** Everything the function wrote to stdout, line by line (on Lambda: its log). */
  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** Native threads of the function's process now (Linux). */
  public long threads() throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      return tasks.count();
    }
  }

  /** Ends the process at once, as a crash or a timeout would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static void pump(InputStream stream, List<String> lines, String name) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "function-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private static Path unzip(Path zip) throws IOException {
    Path root = Files.createTempDirectory("lambda-task-");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("zip entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return root;
  }

  @Override
  public void close() throws Exception {
    kill();
    runtimeApi.close();
    credentials.close();
    emulator.close();
    try (Stream<Path> files = Files.walk(taskRoot)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
