package dev.spotreplacer.replace;

import java.time.Clock;
import java.util.List;

/**
 * RunInstances with spot market options, pool by pool, when RequestSpotInstances cannot express
 * the original: the replacement is never weaker than it (IMDSv2 from its first boot, ...).
 */
final class RunInstancesStrategy implements LaunchStrategy {

  private final RunLauncher launcher;
  private final Resumer resumer;
  private final PlanCapture plan;
  private final Clock clock;
  private final Progress progress;

  RunInstancesStrategy(RunLauncher launcher, Resumer resumer, PlanCapture plan, Clock clock, Progress progress) {
    this.launcher = launcher;
    this.resumer = resumer;
    this.plan = plan;
    this.clock = clock;
    this.progress = progress;
  }

  @Override
  public String wireName() {
    return "run-instances";
  }

  @Override
  public End launch(Attempt attempt) throws InterruptedException {
    Original original = attempt.original();
    List<PricedPool> pools = attempt.pools();
    Run run = attempt.run();
    plan.ensure(original, run);
    String lastRefusal = null;
    for (int i = 0; i < pools.size(); i++) {
      PricedPool pool = pools.get(i);
      if (!clock.instant().isBefore(attempt.deadline())) {
        return new End.Ended(run.outOfTime(pools, i));
      }
      RunLauncher.RunEnd end = launcher.spot(original, pool, i + 1, attempt.cap().text(),
          run.carryover().requestTags());
      if (end instanceof RunLauncher.RunEnd.DryRunPassed) {
        run.chosePool(pools, i, null);
        return new End.Ended(run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept a spot"
            + " RunInstances for " + pool.pool() + " (price in force " + pool.priceText() + "; " + attempt.why()
            + "); nothing was launched"));
      } else if (end instanceof RunLauncher.RunEnd.TokenTaken) {
        return new End.Ended(resumer.resumeTaken(original, attempt.deadline(), run));
      } else if (end instanceof RunLauncher.RunEnd.Refused refused) {
        run.tried(PoolTried.of(pool, "rejected", refused.code(), null));
        lastRefusal = refused.code();
        progress.note(pool.pool() + " refused at once: " + refused.code());
      } else {
        String id = ((RunLauncher.RunEnd.Launched) end).instanceId();
        run.chosePool(pools, i, null);
        run.launched(wireName(), "spot", attempt.why());
        progress.note("RunInstances (spot) launched " + id + " in " + pool.pool() + ": " + attempt.why());
        return LaunchStrategy.launched(id, true, original);
      }
    }
    return new End.NoPool(lastRefusal);
  }
}
