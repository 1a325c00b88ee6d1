package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;

/**
 * One CreateFleet (type instant) over the pools; EC2 picks one. The interrupted pool is left out of
 * it (EC2 picks among what it is offered) and gets a fleet of its own only if the first one
 * launches nothing. Pools a fleet could not use are reported with EC2's codes.
 */
final class FleetStrategy implements LaunchStrategy {

  private final FleetLauncher launcher;
  private final Resumer resumer;
  private final PlanCapture plan;
  private final Progress progress;

  FleetStrategy(FleetLauncher launcher, Resumer resumer, PlanCapture plan, Progress progress) {
    this.launcher = launcher;
    this.resumer = resumer;
    this.plan = plan;
    this.progress = progress;
  }

  @Override
  public String wireName() {
    return "fleet";
  }

  @Override
  public End launch(Attempt attempt) throws InterruptedException {
    Original original = attempt.original();
    Run run = attempt.run();
    plan.ensure(original, run);
    List<List<PricedPool>> rounds = new ArrayList<>();
    List<PricedPool> preferred = attempt.pools().stream().filter(p -> !PoolChooser.avoided(p)).toList();
    List<PricedPool> avoided = attempt.pools().stream().filter(PoolChooser::avoided).toList();
    if (!preferred.isEmpty()) {
      rounds.add(preferred);
    }
    if (!avoided.isEmpty()) {
      rounds.add(avoided);
    }
    String last = null;
    for (int round = 0; round < rounds.size(); round++) {
      List<PricedPool> pools = rounds.get(round);
      FleetLauncher.FleetEnd end = launcher.launch(original, run.plan(), pools, attempt.cap(), round + 1);
      if (end instanceof FleetLauncher.FleetEnd.DryRunPassed) {
        pools.forEach(p -> run.tried(PoolTried.of(p, "not-tried", "dry run", null)));
        return new End.Ended(run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept the launch"
            + " template for a CreateFleet over " + pools.size() + " pool(s); nothing was launched"));
      }
      if (end instanceof FleetLauncher.FleetEnd.TokenTaken) {
        return new End.Ended(resumer.resumeTaken(original, attempt.deadline(), run));
      }
      if (end instanceof FleetLauncher.FleetEnd.Launched launched) {
        for (PricedPool p : pools) {
          boolean chosen = p.equals(launched.pool());
          run.tried(PoolTried.of(p, chosen ? "chosen" : "not-tried",
              chosen ? null : "CreateFleet (price-capacity-optimized) chose another pool", null));
        }
        for (int later = round + 1; later < rounds.size(); later++) {
          rounds.get(later).forEach(p -> run.tried(PoolTried.of(p, "not-tried", "left out of the fleet request", null)));
        }
        run.chose(launched.pool());
        run.launched(wireName(), "spot");
        progress.note("CreateFleet " + launched.fleetId() + " launched " + launched.instanceId() + " in "
            + launched.pool().pool());
        return LaunchStrategy.launched(launched.instanceId(), true, original);
      }
      List<String> codes = ((FleetLauncher.FleetEnd.NoCapacity) end).codes();
      for (int i = 0; i < pools.size(); i++) {
        run.tried(PoolTried.of(pools.get(i), "rejected", codes.get(i), null));
      }
      last = codes.isEmpty() ? last : codes.get(codes.size() - 1);
      progress.note("CreateFleet launched nothing over " + pools.size() + " pool(s): " + last);
    }
    return new End.NoPool(last);
  }
}
