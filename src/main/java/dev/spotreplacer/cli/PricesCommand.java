package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.ManualRunner;
import dev.spotreplacer.manual.ManualTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The spot price in force for some instance types, per availability zone. */
@Command(name = "prices", mixinStandardHelpOptions = true,
    description = "Show the current spot price of instance types in each availability zone, cheapest first.")
final class PricesCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  Reporting reporting;

  @Option(names = "--instance-types", arity = "1..*", split = ",", required = true, paramLabel = "TYPE",
      description = "Instance types, space-separated as in the AWS CLI, e.g. m5.large m6i.large.")
  List<String> instanceTypes;

  @Option(names = "--product-descriptions", paramLabel = "PRODUCT",
      description = "Product description (default: Linux/UNIX).")
  String product;

  /** The name before the AWS CLI's; kept hidden for one release. */
  @Option(names = "--product", hidden = true, paramLabel = "PRODUCT")
  void oldProduct(String value) {
    product = value;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputFormat format = reporting.format(Main.env(spec), connection.profile);
    ManualTask.Prices task;
    try {
      task = new ManualTask.Prices(instanceTypes, product);
    } catch (InvalidEventException e) {
      throw new IllegalArgumentException(Flags.message(e), e);
    }
    Notes notes = reporting.notes(err);
    try (Connection.Session session = connection.open(Main.env(spec), notes, true)) {
      List<ManualRunner.PriceRow> rows = new ManualRunner(session.ec2(), session.clock(), session.sleeper()).prices(task);
      List<String> missing = task.instanceTypes().stream()
          .filter(type -> rows.stream().noneMatch(r -> r.instanceType().equals(type))).toList();
      if (missing.size() == task.instanceTypes().size()) {
        err.println("error: no spot price for " + String.join(", ", missing) + " (" + task.product() + ") in "
            + session.region() + ": not offered as spot there");
        return Main.FAILED;
      }
      if (!missing.isEmpty()) {
        notes.say("no spot price for " + String.join(", ", missing) + " (" + task.product() + ") in " + session.region()
            + ": not offered as spot there");
      }
      format.print(Json.mapper().valueToTree(rows), out);
      return Main.OK;
    }
  }
}
