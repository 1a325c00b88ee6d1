package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
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

  @Option(names = "--instance-types", split = ",", required = true, paramLabel = "TYPE",
      description = "Comma-separated instance types, e.g. m5.large,m6i.large.")
  List<String> instanceTypes;

  @Option(names = "--product", defaultValue = "Linux/UNIX", description = "Product description (default: ${DEFAULT-VALUE}).")
  String product;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManualTask.Prices task;
    try {
      task = new ManualTask.Prices(instanceTypes, product);
    } catch (InvalidEventException e) {
      err.println("error: --" + e.getMessage());
      return Main.BAD_INPUT;
    }
    try (Connection.Session session = connection.open(err)) {
      List<ManualRunner.PriceRow> rows = new ManualRunner(session.ec2(), session.clock(), session.sleeper()).prices(task);
      if (rows.isEmpty()) {
        err.println("no spot price for " + String.join(", ", task.instanceTypes()) + " (" + task.product() + ") in "
            + session.region() + ": not offered as spot there");
        return Main.FAILED;
      }
      out.printf("%-14s %-14s %-10s %s%n", "TYPE", "ZONE", "USD/HOUR", "SINCE");
      rows.forEach(r -> out.printf("%-14s %-14s %-10s %s%n", r.instanceType(), r.availabilityZone(), r.price(), r.since()));
      out.flush();
      return Main.OK;
    }
  }
}
