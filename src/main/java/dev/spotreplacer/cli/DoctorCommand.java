package dev.spotreplacer.cli;

import dev.spotreplacer.aws.Clients;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.Doctor;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** Checks network, credentials, region, permissions and the deployed rule, and prints what to fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check that AWS is reachable, the credentials (sts:GetCallerIdentity), the region, the EC2"
        + " permissions a replacement needs (by DryRun), the EventBridge rule that sends spot interruption"
        + " warnings to the function (events:ListRules, events:ListTargetsByRule), and say what to fix."
        + " Changes nothing. Exit 0 when nothing failed, 3 otherwise.")
final class DoctorCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  Reporting reporting;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    // A checklist to read, like `aws configure list`: a table unless a format is asked for.
    OutputFormat format = reporting.format(Main.env(spec), connection.profile, OutputFormat.TABLE);
    // Credentials are not fetched up front: having none is one of the things doctor reports.
    try (Connection.Session session = connection.open(Main.env(spec), reporting.notes(spec.commandLine().getErr()), false);
        EventBridgeClient events = Clients.helper(EventBridgeClient.builder(), session.target())) {
      List<Doctor.Check> checks = new Doctor(session.ec2(), session.sts(), events, session.region()).run();
      if (format == OutputFormat.TABLE) {
        table(checks, out);
      } else {
        format.print(Json.mapper().valueToTree(checks), out);
      }
      return checks.stream().anyMatch(c -> c.status() == Doctor.Status.FAIL) ? Main.FAILED : Main.OK;
    }
  }

  /** A checklist: status, check, finding, and what to do on the line below. */
  private static void table(List<Doctor.Check> checks, PrintWriter out) {
    for (Doctor.Check check : checks) {
      out.printf("%-7s %-32s %s%n", check.status().name().toLowerCase(Locale.ROOT), check.name(), check.detail());
      if (!check.fix().isEmpty()) {
        out.printf("%-7s %-32s -> %s%n", "", "", check.fix());
      }
    }
    out.flush();
  }
}
