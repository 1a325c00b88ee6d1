package dev.spotreplacer.replace;

import java.util.Optional;

/**
 * On-demand RunInstances with the original's type and subnet, the last resort, only with
 * ON_DEMAND_FALLBACK=true and within MAX_PRICE when one is set.
 */
final class OnDemandStrategy implements LaunchStrategy {

  private final RunLauncher launcher;
  private final Resumer resumer;
  private final PlanCapture plan;
  private final PoolSettings settings;
  private final Progress progress;
  private final Optional<PriceListApi> priceList;

  OnDemandStrategy(RunLauncher launcher, Resumer resumer, PlanCapture plan, PoolSettings settings,
      Progress progress, Optional<PriceListApi> priceList) {
    this.launcher = launcher;
    this.resumer = resumer;
    this.plan = plan;
    this.settings = settings;
    this.progress = progress;
    this.priceList = priceList;
  }

  /** The price and its source when above MAX_PRICE, or why it is unknown; empty when within. */
  private Optional<String> overCap(OnDemandPrices.Lookup lookup) {
    if (lookup instanceof OnDemandPrices.Found found) {
      OnDemandPrices.Price price = found.price();
      return price.perHour().compareTo(settings.maxPrice()) > 0
          ? Optional.of("(" + price.perHour().toPlainString() + ", " + price.source() + ")") : Optional.empty();
    }
    return Optional.of("(unknown: " + ((OnDemandPrices.Unknown) lookup).tried() + ")");
  }

  @Override
  public String wireName() {
    return "on-demand";
  }

  @Override
  public End launch(Attempt attempt) throws InterruptedException {
    Original original = attempt.original();
    Run run = attempt.run();
    String why = attempt.why();
    String type = original.spec().instanceType();
    if (settings.maxPrice() != null) {
      // Only a cap needs the on-demand price: without MAX_PRICE nothing is looked up.
      OnDemandPrices.Lookup lookup = PoolChooser.onDemandPrices(original, run.region(), settings, priceList).lookup(type);
      Optional<String> over = overCap(lookup);
      if (over.isPresent()) {
        run.state("cancelled");
        return new End.Ended(run.finish(Outcome.FAILED, Reason.Code.ON_DEMAND_OVER_PRICE_CAP, why + "; the on-demand"
            + " fallback was not used: the on-demand price of " + type + " " + over.get() + " is not within MAX_PRICE "
            + settings.maxPrice().toPlainString()));
      }
    }
    progress.note(why + ": launching on-demand (ON_DEMAND_FALLBACK)");
    plan.ensure(original, run);
    RunLauncher.RunEnd end = launcher.onDemand(original, run.carryover().requestTags());
    if (end instanceof RunLauncher.RunEnd.DryRunPassed) {
      return new End.Ended(run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept an on-demand"
          + " RunInstances for " + type + " in " + original.spec().availabilityZone() + "; nothing was launched"));
    }
    if (end instanceof RunLauncher.RunEnd.TokenTaken) {
      return new End.Ended(resumer.resumeTaken(original, attempt.deadline(), run));
    }
    if (end instanceof RunLauncher.RunEnd.Refused refused) {
      run.state("cancelled");
      return new End.Ended(run.finish(Outcome.FAILED, Reason.ec2(refused.code()), why + "; the on-demand fallback"
          + " was refused too (" + refused.code() + ")"));
    }
    String id = ((RunLauncher.RunEnd.Launched) end).instanceId();
    run.chose(type, original.spec().availabilityZone());
    run.launched(wireName(), "on-demand");
    return new End.Launched(id, true, Reason.Code.ON_DEMAND_FALLBACK, why + ": " + id + " was launched ON-DEMAND"
        + " (ON_DEMAND_FALLBACK=true) and replaces " + original.instanceId()
        + "; it costs the on-demand price until you move it back to spot");
  }
}
