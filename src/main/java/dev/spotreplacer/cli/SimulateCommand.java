package dev.spotreplacer.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spotreplacer.sim.Ec2Emulator;
import dev.spotreplacer.sim.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the EC2 emulator on its own, on the wall clock, for the AWS CLI or another client. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Serve the built-in EC2 emulator on 127.0.0.1 until stopped (Ctrl-C). Prints where it listens;"
        + " point the AWS CLI at it with --endpoint-url.")
final class SimulateCommand implements Callable<Integer> {

  static final String SAMPLE_INSTANCE = "i-1234567890abcdef0";
  static final String SAMPLE_REGION = "us-east-2";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  Reporting reporting;

  @Option(names = "--port", defaultValue = "4566", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario JSON (default: the sample event's instance, "
      + SAMPLE_INSTANCE + " in " + SAMPLE_REGION + ", and three pools).")
  Path scenarioFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    OutputFormat format = reporting.format(Main.env(spec), null);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " must be between 0 and 65535");
    }
    Scenario scenario = scenarioFile != null ? Scenario.load(scenarioFile)
        : Scenario.defaultFor(SAMPLE_INSTANCE, SAMPLE_REGION);
    Notes notes = reporting.notes(spec.commandLine().getErr());
    CountDownLatch stopped = new CountDownLatch(1);
    try (Ec2Emulator emulator = Ec2Emulator.start(scenario, Clock.systemUTC(), port)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      ObjectNode listening = JsonNodeFactory.instance.objectNode();
      listening.put("endpoint", emulator.endpoint().toString());
      listening.put("region", scenario.region());
      listening.put("instances", scenario.instances().size());
      listening.put("pools", scenario.pools().size());
      format.print(listening, spec.commandLine().getOut());
      notes.say("EC2 emulator listening; Ctrl-C stops. Try: AWS_ACCESS_KEY_ID=" + Ec2Emulator.LOCAL_ACCESS_KEY_ID
          + " AWS_SECRET_ACCESS_KEY=" + Ec2Emulator.LOCAL_SECRET_ACCESS_KEY + " aws --region "
          + scenario.region() + " --endpoint-url " + emulator.endpoint() + " ec2 describe-instances");
      stopped.await();
    }
    return Main.OK;
  }
}
