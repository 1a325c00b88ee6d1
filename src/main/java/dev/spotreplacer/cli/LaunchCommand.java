package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.ManualRunner;
import dev.spotreplacer.manual.ManualTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A one-time spot request by hand, watched until its instance runs. */
@Command(name = "launch", mixinStandardHelpOptions = true,
    description = "Send a one-time spot request and watch it until the instance is running. Prints the result"
        + " JSON. Exit 0 running/dry-run-ok, 2 bad input, 3 failed, 4 still pending at the time limit.")
final class LaunchCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Option(names = "--ami", required = true, paramLabel = "AMI", description = "The image, e.g. ami-0123456789abcdef0.")
  String ami;

  @Option(names = "--instance-type", required = true, paramLabel = "TYPE", description = "e.g. m5.large.")
  String instanceType;

  @Option(names = "--key-name", paramLabel = "NAME", description = "EC2 key pair for SSH.")
  String keyName;

  @Option(names = "--security-group-ids", split = ",", paramLabel = "SG", description = "Security group ids.")
  List<String> securityGroupIds;

  @Option(names = "--subnet-id", required = true, paramLabel = "SUBNET", description = "The subnet (and so the zone).")
  String subnetId;

  @Option(names = "--max-price", paramLabel = "USD", description = "Highest hourly price (default: the on-demand price).")
  BigDecimal maxPrice;

  @Option(names = "--dry-run", description = "Use EC2's DryRun: check permissions and parameters, launch nothing.")
  boolean dryRun;

  @Option(names = "--timeout-seconds", defaultValue = "600", description = "Stop watching after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManualTask.Launch task;
    try {
      task = new ManualTask.Launch(ami, instanceType, keyName, securityGroupIds, subnetId, maxPrice, dryRun);
    } catch (InvalidEventException e) {
      err.println("error: --" + e.getMessage());
      return Main.BAD_INPUT;
    }
    try (Connection.Session session = connection.open(err)) {
      ManualRunner runner = new ManualRunner(session.ec2(), session.clock(), session.sleeper());
      ManualRunner.LaunchResult result = runner.launch(task,
          session.clock().instant().plus(Duration.ofSeconds(timeoutSeconds)));
      out.println(Json.mapper().writeValueAsString(result));
      out.flush();
      return switch (result.outcome()) {
        case "running", "dry-run-ok" -> Main.OK;
        case "pending" -> Main.PENDING;
        default -> Main.FAILED;
      };
    }
  }
}
