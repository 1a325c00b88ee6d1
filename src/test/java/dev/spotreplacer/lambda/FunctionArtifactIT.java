package dev.spotreplacer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What the function's zip holds: the function, and its runtime jars exactly as published. */
class FunctionArtifactIT {

  private static final Path ZIP = Path.of(System.getProperty("function.zip", "target/spot-replacer-function.zip"));
  private static final List<String> FUNCTION_PACKAGES = List.of("lambda", "event", "replace", "manual", "aws", "time");

  @Test
  void classes_areTheFunctionsPackagesOnly() throws IOException {
    List<String> classes = entries().stream().filter(name -> name.endsWith(".class")).toList();

    assertThat(classes).isNotEmpty().allSatisfy(name -> assertThat(FUNCTION_PACKAGES)
        .anySatisfy(p -> assertThat(name).startsWith("dev/spotreplacer/" + p + "/")));
    assertThat(classes).contains("dev/spotreplacer/lambda/Handler.class")
        .noneMatch(name -> name.contains("/sim/") || name.contains("/cli/") || name.contains("/bench/"))
        .noneMatch(name -> name.startsWith("dev/spotreplacer/manual/Doctor"));
  }

  @Test
  void lib_holdsNoRunnerOrEmulatorJars() throws IOException {
    List<String> jars = entries().stream().filter(name -> name.startsWith("lib/") && name.endsWith(".jar")).toList();

    assertThat(jars).contains("lib/ec2-2.40.2.jar", "lib/url-connection-client-2.40.2.jar", "lib/crac-1.5.0.jar",
            // The Price List client and its JSON protocol: the on-demand prices for a price cap.
            "lib/pricing-2.40.2.jar", "lib/aws-json-protocol-2.40.2.jar")
        .noneMatch(name -> name.contains("picocli") || name.contains("eventbridge") || name.contains("apache-client")
            || name.contains("netty") || name.contains("junit") || name.contains("runtime-interface-client"));
  }

  @Test
  void everyJar_isByteForByteThePublishedOne() throws Exception {
    Map<String, Path> published = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar")) {
        published.put(path.getFileName().toString(), path);
      }
    }
    List<String> checked = new ArrayList<>();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("lib/") && !e.isDirectory()).toList()) {
        String name = entry.getName().substring("lib/".length());
        assertThat(published).as("the Maven artifact behind %s", name).containsKey(name);
        try (InputStream shipped = zip.getInputStream(entry)) {
          assertThat(sha256(shipped)).as(name).isEqualTo(sha256(Files.newInputStream(published.get(name))));
        }
        checked.add(name);
      }
    }
    assertThat(checked).hasSizeGreaterThan(20);
  }

  private static List<String> entries() throws IOException {
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      return zip.stream().map(ZipEntry::getName).toList();
    }
  }

  private static String sha256(InputStream in) throws Exception {
    try (in) {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }
}
