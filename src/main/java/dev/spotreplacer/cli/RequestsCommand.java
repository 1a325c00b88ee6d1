package dev.spotreplacer.cli;

import dev.spotreplacer.manual.ManualRunner;
import java.io.IOException;
import java.io.PrintWriter;
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

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Connection.Session session = connection.open(spec.commandLine().getErr())) {
      List<ManualRunner.RequestRow> rows =
          new ManualRunner(session.ec2(), session.clock(), session.sleeper()).requests();
      out.printf("%-14s %-10s %-30s %-21s %-12s %s%n", "REQUEST", "STATE", "STATUS", "INSTANCE", "TYPE", "ZONE");
      rows.forEach(r -> out.printf("%-14s %-10s %-30s %-21s %-12s %s%n", r.spotRequestId(), r.state(),
          dash(r.statusCode()), dash(r.instanceId()), dash(r.instanceType()), dash(r.availabilityZone())));
      out.flush();
      return Main.OK;
    }
  }

  private static String dash(String value) {
    return value == null ? "-" : value;
  }
}
