package dev.spotreplacer.cli;

import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.ManualRunner;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** The account's spot requests with their states and status codes. */
@Command(name = "requests", mixinStandardHelpOptions = true,
    description = "List spot requests in the region with their state, status code and instance.")
final class RequestsCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  Reporting reporting;

  @Override
  public Integer call() throws IOException {
    OutputFormat format = reporting.format(Main.env(spec), connection.profile);
    try (Connection.Session session = connection.open(Main.env(spec), reporting.notes(spec.commandLine().getErr()), true)) {
      List<ManualRunner.RequestRow> rows =
          new ManualRunner(session.ec2(), session.clock(), session.sleeper()).requests();
      format.print(Json.mapper().valueToTree(rows), spec.commandLine().getOut());
      return Main.OK;
    }
  }
}
