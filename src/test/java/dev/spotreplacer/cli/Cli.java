package dev.spotreplacer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the local runner in-process as a user runs it, with captured stdout and stderr and an
 * environment that never reads ~/.aws or the instance metadata service.
 */
final class Cli {

  /** No shared files, no IMDS: what a run sees when the test gives it nothing else. */
  static final Map<String, String> HERMETIC = Map.of(
      "AWS_CONFIG_FILE", "/nonexistent/spot-replacer-test/config",
      "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/spot-replacer-test/credentials",
      "AWS_EC2_METADATA_DISABLED", "true",
      "HOME", "/nonexistent/spot-replacer-test");

  private Cli() {}

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {

    List<String> errLines() {
      return err.lines().toList();
    }

    /** The only line on stderr that starts with "error:". */
    String errorLine() {
      List<String> errors = err.lines().filter(l -> l.startsWith("error:")).toList();
      if (errors.size() != 1) {
        throw new AssertionError("expected one error line, got: " + err);
      }
      return errors.get(0);
    }

    JsonNode lastJson() {
      List<String> lines = out.strip().lines().toList();
      try {
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
      } catch (java.io.IOException e) {
        throw new UncheckedIOException("stdout's last line is not JSON: " + out, e);
      }
    }
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  /** With {@code env} over the hermetic one. */
  static Run run(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(HERMETIC);
    all.putAll(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }
}
