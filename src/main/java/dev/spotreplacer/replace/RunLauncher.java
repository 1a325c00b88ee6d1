package dev.spotreplacer.replace;

import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

/**
 * RunInstances with the original's whole spec ({@link LaunchRequests}), tagged at launch: as a
 * one-time spot instance in one pool when RequestSpotInstances cannot express the original, and
 * on-demand as the last resort when ON_DEMAND_FALLBACK is on and no spot pool can be had (it costs
 * the on-demand price until the user moves it back to spot, which is why it is off by default).
 */
final class RunLauncher {

  private static final Set<String> REFUSALS = Set.of(
      "InsufficientInstanceCapacity", "InstanceLimitExceeded", "VcpuLimitExceeded", "Unsupported",
      "SpotMaxPriceTooLow", "MaxSpotInstanceCountExceeded");

  private final Ec2Client ec2;
  private final Settings settings;

  RunLauncher(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  /** How RunInstances ended. */
  sealed interface RunEnd {
    record Launched(String instanceId) implements RunEnd {}

    /** EC2 refused at once (capacity, limits, price); another pool may do. */
    record Refused(String code) implements RunEnd {}

    record DryRunPassed() implements RunEnd {}

    /** The ClientToken was used with other parameters: an earlier delivery launched already. */
    record TokenTaken() implements RunEnd {}
  }

  /** Same interruption, same token: a repeated delivery cannot start a second on-demand instance. */
  static String clientToken(String interruptedInstanceId) {
    return "spot-replacer-" + interruptedInstanceId + "-on-demand";
  }

  /** Same interruption and attempt, same token, as for spot requests. */
  static String spotClientToken(String interruptedInstanceId, int attempt) {
    return "spot-replacer-" + interruptedInstanceId + "-run-" + attempt;
  }

  /** On-demand, the original's type in its subnet. */
  RunEnd onDemand(Original original, Map<String, String> plan) {
    LaunchSpec spec = original.spec();
    return run(LaunchRequests.runInstances(original, spec.instanceType(), spec.subnetId(), plan)
        .clientToken(clientToken(original.instanceId())));
  }

  /** A one-time spot instance in {@code pool}, never above {@code maxPrice} when it is set. */
  RunEnd spot(Original original, PricedPool pool, int attempt, String maxPrice, Map<String, String> plan) {
    return run(LaunchRequests.runInstances(original, pool.pool().instanceType(), pool.pool().subnetId(), plan)
        .clientToken(spotClientToken(original.instanceId(), attempt))
        .instanceMarketOptions(m -> m.marketType(MarketType.SPOT).spotOptions(o -> o
            .spotInstanceType(SpotInstanceType.ONE_TIME).maxPrice(maxPrice))));
  }

  private RunEnd run(RunInstancesRequest.Builder request) {
    try {
      return new RunEnd.Launched(ec2.runInstances(request.dryRun(settings.dryRun()).build())
          .instances().get(0).instanceId());
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("");
      if (code.equals(Ec2Errors.DRY_RUN_OK)) {
        return new RunEnd.DryRunPassed();
      }
      if (code.equals("IdempotentParameterMismatch")) {
        return new RunEnd.TokenTaken();
      }
      if (REFUSALS.contains(code)) {
        return new RunEnd.Refused(code);
      }
      throw Ec2Errors.translate(e, "RunInstances");
    }
  }
}
