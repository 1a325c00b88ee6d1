package dev.spotreplacer.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/** --output and --quiet, which every command takes: the result on stdout, everything else on stderr. */
final class Reporting {

  @Option(names = "--output", paramLabel = "FORMAT", description = "json, table or text (default, as the AWS CLI:"
      + " AWS_DEFAULT_OUTPUT, the profile's output, else json).")
  String output;

  @Option(names = "--quiet", description = "Nothing on stderr but errors.")
  boolean quiet;

  /** The format named by --output, AWS_DEFAULT_OUTPUT or the profile (--profile, else AWS_PROFILE). */
  OutputFormat format(Map<String, String> env, String profile) {
    return format(env, profile, OutputFormat.JSON);
  }

  /** The same, with {@code fallback} when nothing names a format. */
  OutputFormat format(Map<String, String> env, String profile, OutputFormat fallback) {
    return new AwsCliConfig(env, profile).output(output, fallback);
  }

  Notes notes(PrintWriter err) {
    return new Notes(err, quiet);
  }
}
