package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.ManualRunner;
import dev.spotreplacer.manual.ManualTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Cancels spot requests, and with --terminate the instances they launched. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel spot requests. Their instances keep running unless --terminate is given.")
final class CancelCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  Reporting reporting;

  @Option(names = "--spot-instance-request-ids", arity = "1..*", split = ",", paramLabel = "SIR",
      description = "Spot request ids, space-separated, e.g. sir-0a1b2c3d (required).")
  List<String> requestIds;

  /** The name before the AWS CLI's; kept hidden for one release. */
  @Option(names = "--request-id", hidden = true, paramLabel = "SIR")
  void oldRequestId(String value) {
    requestIds = List.of(value);
  }

  @Option(names = "--terminate", description = "Also terminate the instances the requests launched.")
  boolean terminate;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputFormat format = reporting.format(Main.env(spec), connection.profile);
    if (requestIds == null) {
      throw new IllegalArgumentException("--spot-instance-request-ids is missing: name the spot requests to cancel");
    }
    List<ManualTask.Cancel> tasks = new ArrayList<>();
    try {
      for (String id : requestIds) {
        tasks.add(new ManualTask.Cancel(id, terminate));
      }
    } catch (InvalidEventException e) {
      throw new IllegalArgumentException(Flags.message(e), e);
    }
    Notes notes = reporting.notes(err);
    try (Connection.Session session = connection.open(Main.env(spec), notes, true)) {
      ManualRunner runner = new ManualRunner(session.ec2(), session.clock(), session.sleeper());
      List<ManualRunner.CancelResult> results = new ArrayList<>();
      for (ManualTask.Cancel task : tasks) {
        ManualRunner.CancelResult result = runner.cancel(task);
        results.add(result);
        if (!terminate && result.instanceId() != null) {
          notes.say(result.instanceId() + " keeps running: cancel with --terminate to stop paying for it");
        }
      }
      format.print(Json.mapper().valueToTree(results.size() == 1 ? results.get(0) : results), out);
      return Main.OK;
    }
  }
}
