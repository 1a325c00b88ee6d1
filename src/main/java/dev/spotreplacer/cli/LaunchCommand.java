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
    description = "Send a one-time spot request and watch it until the instance is running. Prints the result."
        + " Exit 0 running/dry-run-ok, 2 bad input, 3 failed, 4 still pending at the time limit.")
final class LaunchCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  Reporting reporting;

  @Option(names = "--image-id", paramLabel = "AMI", description = "The image, e.g. ami-0123456789abcdef0 (required).")
  String imageId;

  @Option(names = "--instance-type", required = true, paramLabel = "TYPE", description = "e.g. m5.large.")
  String instanceType;

  @Option(names = "--key-name", paramLabel = "NAME", description = "EC2 key pair for SSH.")
  String keyName;

  @Option(names = "--security-group-ids", arity = "1..*", split = ",", paramLabel = "SG",
      description = "Security group ids, space-separated.")
  List<String> securityGroupIds;

  @Option(names = "--subnet-id", required = true, paramLabel = "SUBNET", description = "The subnet (and so the zone).")
  String subnetId;

  @Option(names = "--spot-price", paramLabel = "USD", description = "Highest hourly price (default: the on-demand price).")
  BigDecimal spotPrice;

  @Option(names = "--dry-run", description = "Use EC2's DryRun: check permissions and parameters, launch nothing.")
  boolean dryRun;

  @Option(names = "--timeout-seconds", defaultValue = "600", paramLabel = "SECONDS",
      description = "Stop watching after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** The names before the AWS CLI's; kept hidden for one release. */
  @Option(names = "--ami", hidden = true, paramLabel = "AMI")
  void oldAmi(String value) {
    imageId = value;
  }

  @Option(names = "--max-price", hidden = true, paramLabel = "USD")
  void oldMaxPrice(BigDecimal value) {
    spotPrice = value;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputFormat format = reporting.format(Main.env(spec), connection.profile);
    Flags.requirePositive(timeoutSeconds, "--timeout-seconds");
    ManualTask.Launch task;
    try {
      task = new ManualTask.Launch(imageId, instanceType, keyName, securityGroupIds, subnetId, spotPrice, dryRun);
    } catch (InvalidEventException e) {
      throw new IllegalArgumentException(Flags.message(e), e);
    }
    Notes notes = reporting.notes(err);
    try (Connection.Session session = connection.open(Main.env(spec), notes, true)) {
      Elapsed elapsed = new Elapsed(session.clock());
      ManualRunner runner = new ManualRunner(session.ec2(), session.clock(), session.sleeper(),
          line -> notes.say(elapsed.stamp(line)));
      ManualRunner.LaunchResult result = runner.launch(task,
          session.clock().instant().plus(Duration.ofSeconds(timeoutSeconds)));
      format.print(Json.mapper().valueToTree(result), out);
      return switch (result.outcome()) {
        case "running", "dry-run-ok" -> Main.OK;
        case "pending" -> Main.PENDING;
        default -> Main.FAILED;
      };
    }
  }
}
