package dev.spotreplacer.replace;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The default: a one-time RequestSpotInstances per pool, cheapest first, watched until it is
 * fulfilled, fails, or time runs out. Where the API is denied by policy, CreateFleet takes over.
 */
final class SpotRequestStrategy implements LaunchStrategy {

  private final Launcher launcher;
  private final Watcher watcher;
  private final Resumer resumer;
  private final FleetStrategy fleet;
  private final PlanCapture plan;
  private final Clock clock;
  private final Progress progress;

  SpotRequestStrategy(Launcher launcher, Watcher watcher, Resumer resumer, FleetStrategy fleet, PlanCapture plan,
      Clock clock, Progress progress) {
    this.launcher = launcher;
    this.watcher = watcher;
    this.resumer = resumer;
    this.fleet = fleet;
    this.plan = plan;
    this.clock = clock;
    this.progress = progress;
  }

  @Override
  public String wireName() {
    return "spot-request";
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
      LaunchAttempt sent = launcher.request(original, pool, i + 1, attempt.cap().text(),
          run.carryover().requestTags());
      if (sent instanceof LaunchAttempt.DryRunPassed) {
        run.chosePool(pools, i, null);
        progress.note("dry run: EC2 would accept a spot request in " + pool.pool() + " at " + pool.priceText());
        return new End.Ended(run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept a one-time spot"
            + " request for " + pool.pool() + " (price in force " + pool.priceText() + "); nothing was launched"));
      } else if (sent instanceof LaunchAttempt.Denied denied) {
        // Some organisations deny the legacy API by policy; CreateFleet is its modern equivalent.
        progress.note("RequestSpotInstances is denied (" + denied.code() + "): using CreateFleet");
        return fleet.launch(new Attempt(original, pools.subList(i, pools.size()), attempt.cap(), attempt.deadline(),
            run, attempt.why()));
      } else if (sent instanceof LaunchAttempt.PoolRefused refused) {
        run.tried(PoolTried.of(pool, "rejected", refused.code(), null));
        lastRefusal = refused.code();
        progress.note(pool.pool() + " refused at once: " + refused.code());
      } else if (sent instanceof LaunchAttempt.TokenTaken) {
        // An earlier delivery requested with this token: resume what it started. Going on to the
        // next pool could leave two requests, and two replacements, for one interruption.
        run.tried(PoolTried.of(pool, "rejected", "IdempotentParameterMismatch", null));
        return new End.Ended(resumer.resumeTaken(original, attempt.deadline(), run));
      } else if (sent instanceof LaunchAttempt.Requested requested) {
        End end = watch(requested.spotRequestId(), pool, pools, i, attempt);
        if (!(end instanceof End.NoPool rejected)) {
          return end;
        }
        lastRefusal = rejected.lastRefusal();
      }
    }
    return new End.NoPool(lastRefusal);
  }

  /** Watches one request; {@link End.NoPool} when it was rejected and cancelled, so the next pool is tried. */
  private End watch(String id, PricedPool pool, List<PricedPool> pools, int index, Attempt attempt)
      throws InterruptedException {
    Run run = attempt.run();
    run.requested(id);
    run.chose(pool);
    progress.note("requested " + pool.pool() + " at " + pool.priceText() + ": " + id);
    Watcher.RequestEnd end = watcher.awaitFulfilment(id, attempt.deadline());
    if (end instanceof Watcher.RequestEnd.Fulfilled fulfilled) {
      run.launched(wireName(), "spot");
      run.chosePool(pools, index, id);
      return LaunchStrategy.launched(fulfilled.instanceId(), false, attempt.original());
    }
    if (end instanceof Watcher.RequestEnd.OutOfTime out) {
      run.chosePool(pools, index, id);
      run.state(out.state());
      return new End.Ended(run.requestStillOpen(id, out.code()));
    }
    Watcher.RequestEnd.Rejected rejected = (Watcher.RequestEnd.Rejected) end;
    run.tried(PoolTried.of(pool, "rejected", rejected.code(), id));
    if (rejected.status() == SpotStatus.TERMINAL) {
      run.notTried(pools, index + 1);
      run.state(rejected.state());
      return new End.Ended(run.finish(Outcome.FAILED,
          Reason.ec2(rejected.code() == null ? rejected.state() : rejected.code()),
          "spot request " + id + " ended " + rejected.state() + " (" + rejected.code() + ")"
              + (rejected.message() == null ? "" : ": " + rejected.message())));
    }
    Optional<String> launchedAnyway = launcher.cancel(id);
    if (launchedAnyway.isPresent()) {
      // request-canceled-and-instance-running: its instance runs on regardless, so it becomes the
      // replacement instead of an untagged orphan.
      run.notTried(pools, index + 1);
      progress.note("cancelled " + id + ", but it had launched " + launchedAnyway.get() + ": adopting it");
      run.launched(wireName(), "spot");
      return LaunchStrategy.launched(launchedAnyway.get(), false, attempt.original());
    }
    progress.note(pool.pool() + " rejected: " + rejected.code() + "; cancelled " + id);
    return new End.NoPool(rejected.code());
  }
}
