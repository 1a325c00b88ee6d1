package dev.spotreplacer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a storm in a child JVM with a heap sized for it when the runner was started with plain
 * {@code java -jar} on G1 and no heap limit. A storm is 550 concurrent flows in one process; G1
 * answers their allocation rate by growing the heap towards a quarter of the machine's memory
 * (measured: 2.3 to 4 GB peak RSS) although little of it stays live, and a jar cannot choose its
 * own JVM flags. The child gets the Serial collector and a fixed heap, as {@code ./spot-replacer}
 * does; the user's own flags come first, and setting -Xmx (or another collector) keeps the storm
 * in this JVM.
 */
final class StormFork {

  /** Set on the child, so that it never forks again. */
  static final String CHILD_PROPERTY = "spot-replacer.storm.child";
  static final String HEAP = "-Xmx512m";

  private StormFork() {}

  /**
   * The child's command line, or empty to run here.
   *
   * @param launchedAs the JVM's {@code sun.java.command}: the jar (or main class) and its arguments
   * @param jvmArguments the JVM's own flags
   * @param collectors the names of the JVM's garbage collectors
   * @param ownJar where this class was loaded from: the runner jar, when run as shipped
   * @param args the runner's arguments, from the command name on
   */
  static Optional<List<String>> command(String launchedAs, List<String> jvmArguments, List<String> collectors,
      Path javaHome, Path ownJar, List<String> args) {
    if (launchedAs == null || launchedAs.isBlank()) {
      return Optional.empty();
    }
    String jar = launchedAs.strip().split("\\s+")[0];
    boolean child = jvmArguments.contains("-D" + CHILD_PROPERTY + "=true");
    // Only the runner jar itself: another program's -jar (a test runner's) is not ours to relaunch.
    boolean ours = jar.endsWith(".jar") && ownJar != null
        && Path.of(jar).toAbsolutePath().normalize().equals(ownJar.toAbsolutePath().normalize());
    if (!ours || child || !StormCommand.growsHeapFreely(jvmArguments, collectors)) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArguments);
    // A collector the user chose stays; otherwise the one that keeps a small heap small.
    if (jvmArguments.stream().noneMatch(a -> a.matches("-XX:\\+Use\\w+GC"))) {
      command.add("-XX:+UseSerialGC");
    }
    command.add(HEAP);
    command.add("-D" + CHILD_PROPERTY + "=true");
    command.add("-jar");
    command.add(jar);
    command.addAll(args);
    return Optional.of(List.copyOf(command));
  }

  /** The jar or directory this class was loaded from, if known. */
  static Path ownLocation() {
    try {
      return Path.of(StormFork.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Runs {@code command}, copying its stdout and stderr to ours as they come; its exit code. */
  static int run(List<String> command, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    Thread copyErr = copy(process.getErrorStream(), err);
    Thread copyOut = copy(process.getInputStream(), out);
    int exit = process.waitFor();
    copyOut.join();
    copyErr.join();
    return exit;
  }

  private static Thread copy(InputStream from, PrintWriter to) {
    Thread thread = new Thread(() -> {
      char[] buffer = new char[8192];
      try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
        int n;
        while ((n = reader.read(buffer)) >= 0) {
          to.write(buffer, 0, n);
          to.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "storm-child-output");
    thread.start();
    return thread;
  }
}
