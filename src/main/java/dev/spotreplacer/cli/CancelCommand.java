package dev.spotreplacer.cli;

import dev.spotreplacer.event.InvalidEventException;
import dev.spotreplacer.lambda.Json;
import dev.spotreplacer.manual.ManualRunner;
import dev.spotreplacer.manual.ManualTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Cancels a spot request, and with --terminate the instance it launched. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a spot request. Its instance keeps running unless --terminate is given.")
final class CancelCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Connection connection;

  @Option(names = "--request-id", required = true, paramLabel = "SIR", description = "e.g. sir-0a1b2c3d.")
  String requestId;

  @Option(names = "--terminate", description = "Also terminate the instance the request launched.")
  boolean terminate;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManualTask.Cancel task;
    try {
      task = new ManualTask.Cancel(requestId, terminate);
    } catch (InvalidEventException e) {
      err.println("error: --" + e.getMessage());
      return Main.BAD_INPUT;
    }
    try (Connection.Session session = connection.open(err)) {
      ManualRunner.CancelResult result =
          new ManualRunner(session.ec2(), session.clock(), session.sleeper()).cancel(task);
      out.println(Json.mapper().writeValueAsString(result));
      if (!terminate && result.instanceId() != null) {
        err.println(result.instanceId() + " keeps running: cancel with --terminate to stop paying for it");
      }
      out.flush();
      return Main.OK;
    }
  }
}
