package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotAllocationStrategy;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;

/**
 * One CreateFleet of type instant, price-capacity-optimized, over every candidate pool: EC2 picks
 * the pool. CreateFleet takes its launch parameters only from a launch template: the one that
 * holds the replacement's {@link Plan}.
 */
final class FleetLauncher {

  private final Ec2Client ec2;
  private final Settings settings;

  FleetLauncher(Ec2Client ec2, Settings settings) {
    this.ec2 = ec2;
    this.settings = settings;
  }

  /** How the fleet call ended. */
  sealed interface FleetEnd {
    /** An instance was launched in {@code pool}. */
    record Launched(String instanceId, String fleetId, PricedPool pool) implements FleetEnd {}

    /** No pool could launch; per-pool error codes, in the order of {@code pools}. */
    record NoCapacity(List<String> codes) implements FleetEnd {}

    record DryRunPassed() implements FleetEnd {}

    /** The ClientToken was used with other parameters: an earlier delivery launched already. */
    record TokenTaken() implements FleetEnd {}
  }

  /** Same interruption, same token: a repeated delivery gets EC2's idempotency, not a second fleet. */
  static String clientToken(String interruptedInstanceId, int attempt) {
    return "spot-replacer-" + interruptedInstanceId + "-fleet-" + attempt;
  }

  /**
   * A fleet from the plan's launch template; a dry run asks EC2 whether it would accept such a
   * template and launches nothing.
   */
  FleetEnd launch(Original original, Plan plan, List<PricedPool> pools, PriceCap cap, int attempt) {
    if (settings.dryRun()) {
      try {
        ec2.createLaunchTemplate(b -> b
            .launchTemplateName(Plans.templateName(original.instanceId()))
            .launchTemplateData(templateData(original))
            .dryRun(true));
      } catch (SdkException e) {
        if (Ec2Errors.hasCode(e, Ec2Errors.DRY_RUN_OK)) {
          return new FleetEnd.DryRunPassed();
        }
        throw Ec2Errors.translate(e, "CreateLaunchTemplate");
      }
      throw new StepFailure(Reason.Code.DRY_RUN_NOT_HONOURED, "EC2 did not answer the dry run of CreateLaunchTemplate", null);
    }
    return fleet(original, plan.templateName(), pools, cap, attempt, plan.carryover().requestTags());
  }

  private FleetEnd fleet(Original original, String templateName, List<PricedPool> pools, PriceCap cap,
      int attempt, Map<String, String> plan) {
    List<FleetLaunchTemplateOverridesRequest> overrides = new ArrayList<>();
    for (PricedPool pool : pools) {
      FleetLaunchTemplateOverridesRequest.Builder override = FleetLaunchTemplateOverridesRequest.builder()
          .instanceType(pool.pool().instanceType())
          .subnetId(pool.pool().subnetId());
      if (cap.isSet()) {
        override.maxPrice(cap.text());
      }
      overrides.add(override.build());
    }
    CreateFleetResponse response;
    try {
      response = ec2.createFleet(b -> b
          .type(FleetType.INSTANT)
          .clientToken(clientToken(original.instanceId(), attempt))
          .spotOptions(o -> o.allocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED))
          .targetCapacitySpecification(t -> t.totalTargetCapacity(1)
              .defaultTargetCapacityType(DefaultTargetCapacityType.SPOT))
          .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
              .launchTemplateSpecification(s -> s.launchTemplateName(templateName).version("$Latest"))
              .overrides(overrides)
              .build())
          .tagSpecifications(ReplacementTags.onInstance(original, plan)));
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("");
      // A concurrent delivery of the same notice got there first (and may have deleted the
      // template already): it launched, so look for its instance instead of failing.
      if (code.equals("IdempotentParameterMismatch") || code.equals("InvalidLaunchTemplateName.NotFoundException")
          || code.equals("InvalidLaunchTemplateId.NotFound")) {
        return new FleetEnd.TokenTaken();
      }
      throw Ec2Errors.translate(e, "CreateFleet");
    }
    for (CreateFleetInstance instance : response.instances()) {
      if (!instance.instanceIds().isEmpty()) {
        PricedPool pool = match(pools, instance.launchTemplateAndOverrides() == null ? null
            : instance.launchTemplateAndOverrides().overrides(), instance.instanceTypeAsString());
        return new FleetEnd.Launched(instance.instanceIds().get(0), response.fleetId(), pool);
      }
    }
    List<String> codes = new ArrayList<>();
    for (PricedPool pool : pools) {
      codes.add(response.errors().stream()
          .filter(err -> sameAs(pool, err))
          .map(CreateFleetError::errorCode)
          .findFirst()
          .orElse(response.errors().isEmpty() ? "no-instance" : response.errors().get(0).errorCode()));
    }
    return new FleetEnd.NoCapacity(codes);
  }

  private static boolean sameAs(PricedPool pool, CreateFleetError error) {
    FleetLaunchTemplateOverrides o = error.launchTemplateAndOverrides() == null ? null
        : error.launchTemplateAndOverrides().overrides();
    return o != null && pool.pool().instanceType().equals(o.instanceTypeAsString())
        && pool.pool().subnetId().equals(o.subnetId());
  }

  private static PricedPool match(List<PricedPool> pools, FleetLaunchTemplateOverrides chosen, String type) {
    Optional<PricedPool> exact = chosen == null ? Optional.empty() : pools.stream()
        .filter(p -> p.pool().instanceType().equals(chosen.instanceTypeAsString())
            && p.pool().subnetId().equals(chosen.subnetId()))
        .findFirst();
    return exact.orElseGet(() -> pools.stream().filter(p -> p.pool().instanceType().equals(type))
        .findFirst().orElse(pools.get(0)));
  }

  /**
   * The original's launch spec as launch template data (h15's faithful mapping: metadata options,
   * network interface details, credits, ...); subnet and zone come from each fleet override.
   */
  static RequestLaunchTemplateData templateData(Original original) {
    // The instance type too: the plan must hold the whole spec (fleet overrides replace it per pool).
    return LaunchRequests.templateData(original, List.of(original.spec().instanceType())).toBuilder()
        .instanceType(original.spec().instanceType()).build();
  }

}
