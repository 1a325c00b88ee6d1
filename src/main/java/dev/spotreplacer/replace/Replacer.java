package dev.spotreplacer.replace;

import dev.spotreplacer.aws.ApiCalls;
import dev.spotreplacer.event.InstanceAction;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.event.NoticeKind;
import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The orchestrator: inspect, decide, choose, launch, watch, tag, hand over, in that order. Each
 * step is a small class; this one only sequences them and turns what they report into a {@link Result}.
 */
public final class Replacer {

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final Progress progress;
  private final ExecutorService prefetchThreads;

  /** A Replacer with read-ahead threads of its own (one-shot runs and tests). */
  public Replacer(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper,
      Supplier<RandomGenerator> random, Progress progress) {
    this(ec2, settings, clock, sleeper, random, progress, Prefetch.threads());
  }

  /** Read-ahead threads for Replacers to share; idle ones end on their own, so it needs no closing. */
  public static ExecutorService readAheadThreads() {
    return Prefetch.threads();
  }

  /** A Replacer whose read-ahead runs on {@code prefetchThreads}, shared by every Replacer of a container. */
  public Replacer(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper,
      Supplier<RandomGenerator> random, Progress progress, ExecutorService prefetchThreads) {
    this.prefetchThreads = prefetchThreads;
    this.ec2 = ec2;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.progress = progress;
  }

  /**
   * Handles one notice; never throws for EC2's answers, only reports them. A run that throttling
   * or an EC2 fault ended is run again after a jittered pause while time is left: every step
   * resumes by tag and ClientToken, and waiting here costs less than Lambda's minute-long retry.
   */
  public Result replace(Notice notice, Instant deadline) {
    ApiCalls calls = new ApiCalls();
    Instant start = clock.instant();
    Backoff patience = Backoff.patience(random.get());
    while (true) {
      Result result = attempt(notice, deadline, calls, start);
      if (!Retryable.transientFailure(result) || !pause(patience, deadline)) {
        return result;
      }
      progress.note("trying again after " + result.reason());
    }
  }

  private boolean pause(Backoff patience, Instant deadline) {
    Duration delay = patience.next();
    if (!clock.instant().plus(delay).plus(delay).isBefore(deadline)) {
      return false;
    }
    try {
      sleeper.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Result attempt(Notice notice, Instant deadline, ApiCalls calls, Instant start) {
    Run run = new Run(notice, clock, calls, start);
    Prefetch prefetch = new Prefetch(ec2, calls, notice.instanceId(), settings, clock, prefetchThreads);
    Steps steps = new Steps(prefetch);
    try {
      Result result = replace(notice, deadline, run, steps);
      if (run.plan() != null && handedOver(result)) {
        steps.plans.delete(run.plan());
        progress.note("handover complete: deleted the launch plan " + run.plan().templateName());
        return result.withApiCalls(calls.snapshot());
      }
      return result;
    } catch (StepFailure failure) {
      progress.note("failed: " + failure.getMessage());
      return run.finish(Outcome.FAILED, failure.reason(), failure.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return run.finish(run.spotRequestId() == null ? Outcome.FAILED : Outcome.PENDING, Reason.Code.INTERRUPTED,
          "stopped while watching; a re-delivery resumes any request made");
    } finally {
      prefetch.close();
    }
  }

  /** Everything is on the replacement: nothing a later invocation needs the plan for. */
  private static boolean handedOver(Result result) {
    boolean done = result.outcome() == Outcome.REPLACED
        || (result.outcome() == Outcome.SKIPPED && result.reason() == Reason.Code.ALREADY_REPLACED);
    return done && result.volumesPending() == null;
  }

  private Result replace(Notice notice, Instant deadline, Run run, Steps steps) throws InterruptedException {
    if (notice.kind() == NoticeKind.STATE_CHANGE) {
      return steps.followUp.finish(notice, deadline, run);
    }
    Optional<Decision.Skip> screened = screen(notice);
    if (screened.isPresent()) {
      return skipped(run, screened.get());
    }

    Inspector.Seen seen = steps.inspector.inspect(notice.instanceId());
    Optional<Plan> plan = seen instanceof Inspector.Seen.Described || settings.dryRun() ? Optional.empty()
        : steps.plans.find(notice.instanceId());
    Original original;
    Optional<Replacements.Existing> existing;
    if (plan.isPresent()) {
      // The instance is gone or stripped: launch and hand over from what was captured while it ran.
      original = plan.get().original();
      run.plan(plan.get());
      run.carryover(plan.get().carryover());
      progress.note(notice.instanceId() + " is " + (seen instanceof Inspector.Seen.Stripped s ? s.state()
          : "no longer known to EC2") + ": following the plan in launch template " + plan.get().templateName());
      existing = steps.replacements.find(original.instanceId());
    } else if (seen instanceof Inspector.Seen.Described described) {
      original = described.original();
      progress.note("inspected " + original.instanceId() + ": " + original.spec().instanceType() + " in "
          + original.spec().availabilityZone() + ", " + original.lifecycle() + ", " + original.state());
      if (steps.eligibility.decide(original) instanceof Decision.Skip skip) {
        return skipped(run, skip);
      }
      existing = steps.replacements.find(original.instanceId());
      run.carryover(steps.carryovers.plan(original, existing));
      if (existing.isPresent() && !settings.dryRun()) {
        steps.plans.find(original.instanceId()).ifPresent(earlier -> {
          run.plan(earlier);
          run.carryover(earlier.carryover());
        });
      }
    } else {
      return gone(notice, seen, run, steps);
    }
    if (existing.isPresent()) {
      Optional<Result> resumed = resume(existing.get(), original, deadline, run, steps);
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }

    PoolChooser.Ranking ranking = steps.chooser.rank(original, notice.region(), notice.time(),
        run.carryover().requiredZone(original));
    ranking.unpriced().forEach(pool -> run.tried(new PoolTried(pool.instanceType(),
        pool.availabilityZone(), pool.subnetId(), null, "no-price", "no spot price: not offered", null)));
    ranking.overCap().forEach(pool -> run.tried(PoolTried.of(pool, "over-cap", "price " + pool.priceText()
        + " is above the cap " + ranking.cap().text() + " (" + ranking.cap().source() + ")", null)));
    progress.note("ranked " + ranking.priced().size() + " pool(s): " + ranking.priced().stream()
        .map(p -> p.pool() + " at " + p.priceText()).toList());
    if (ranking.priced().isEmpty()) {
      if (!ranking.overCap().isEmpty()) {
        return run.finish(Outcome.FAILED, Reason.Code.OVER_PRICE_CAP, "every candidate pool costs more than the cap "
            + ranking.cap().text() + " (" + ranking.cap().source() + "): nothing was launched; raise the cap or"
            + " widen the choice (INSTANCE_TYPES, DIVERSIFY, SUBNET_IDS)");
      }
      if (settings.pools().onDemandFallback()) {
        return onDemand(original, deadline, run, steps, "no spot price for the candidate pools");
      }
      return run.finish(Outcome.FAILED, Reason.Code.NO_SPOT_PRICE, "EC2 lists no spot price for "
          + original.spec().instanceType() + " in the candidate zones: it is not offered there as spot");
    }
    if (settings.pools().strategy() == PoolSettings.LaunchStrategy.FLEET) {
      return fleet(ranking.priced(), ranking.cap(), original, deadline, run, steps);
    }
    return launch(ranking.priced(), ranking.cap(), original, deadline, run, steps);
  }

  /**
   * One CreateFleet over the pools; EC2 picks one. The interrupted pool is left out of it (EC2
   * picks among what it is offered) and gets a fleet of its own only if the first one launches
   * nothing. Pools a fleet could not use are reported with EC2's codes.
   */
  private Result fleet(List<PricedPool> candidates, PriceCap cap, Original original, Instant deadline, Run run,
      Steps steps) throws InterruptedException {
    capturePlan(original, run, steps);
    List<List<PricedPool>> rounds = new java.util.ArrayList<>();
    List<PricedPool> preferred = candidates.stream().filter(p -> !PoolChooser.avoided(p)).toList();
    List<PricedPool> avoided = candidates.stream().filter(PoolChooser::avoided).toList();
    if (!preferred.isEmpty()) {
      rounds.add(preferred);
    }
    if (!avoided.isEmpty()) {
      rounds.add(avoided);
    }
    String last = null;
    for (int round = 0; round < rounds.size(); round++) {
      List<PricedPool> pools = rounds.get(round);
      FleetLauncher.FleetEnd end = steps.fleet.launch(original, run.plan(), pools, cap, round + 1);
      if (end instanceof FleetLauncher.FleetEnd.DryRunPassed) {
        pools.forEach(p -> run.tried(PoolTried.of(p, "not-tried", "dry run", null)));
        return run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept the launch template for a"
            + " CreateFleet over " + pools.size() + " pool(s); nothing was launched");
      }
      if (end instanceof FleetLauncher.FleetEnd.TokenTaken) {
        return resumeTaken(original, deadline, run, steps);
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
        run.launched("fleet", "spot");
        progress.note("CreateFleet " + launched.fleetId() + " launched " + launched.instanceId() + " in "
            + launched.pool().pool());
        return complete(launched.instanceId(), true, original, deadline, run, steps);
      }
      List<String> codes = ((FleetLauncher.FleetEnd.NoCapacity) end).codes();
      for (int i = 0; i < pools.size(); i++) {
        run.tried(PoolTried.of(pools.get(i), "rejected", codes.get(i), null));
      }
      last = codes.isEmpty() ? last : codes.get(codes.size() - 1);
      progress.note("CreateFleet launched nothing over " + pools.size() + " pool(s): " + last);
    }
    return noSpotPool(last, original, deadline, run, steps);
  }

  /**
   * A ClientToken came back with other parameters: an earlier delivery launched with it. Resume
   * what it launched, or fail saying that its instance is gone.
   */
  private Result resumeTaken(Original original, Instant deadline, Run run, Steps steps) throws InterruptedException {
    Optional<Replacements.Existing> existing = steps.replacements.find(original.instanceId());
    if (existing.isPresent()) {
      Optional<Result> resumed = resume(existing.get(), original, deadline, run, steps);
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }
    return run.finish(Outcome.FAILED, Reason.ec2("IdempotentParameterMismatch"), "an earlier delivery launched for "
        + original.instanceId() + " with other parameters, and its instance is gone");
  }

  /** No spot pool could be had: the on-demand fallback when it is on, else a failure that says why. */
  private Result noSpotPool(String lastRefusal, Original original, Instant deadline, Run run, Steps steps)
      throws InterruptedException {
    if (settings.pools().onDemandFallback()) {
      return onDemand(original, deadline, run, steps, "no spot pool could take it (last: " + lastRefusal + ")");
    }
    run.state("cancelled");
    return run.finish(Outcome.FAILED, lastRefusal == null ? Reason.Code.NO_POOL : Reason.ec2(lastRefusal),
        "no candidate pool could take the replacement (last: " + lastRefusal + "); add subnets in other"
            + " zones (SUBNET_IDS) or instance types (INSTANCE_TYPES, DIVERSIFY) to widen the choice,"
            + " or allow ON_DEMAND_FALLBACK");
  }

  /** RunInstances with the original's type and subnet; only with ON_DEMAND_FALLBACK=true. */
  private Result onDemand(Original original, Instant deadline, Run run, Steps steps, String why)
      throws InterruptedException {
    String type = original.spec().instanceType();
    Optional<java.math.BigDecimal> price = PoolChooser.onDemandPrices(original, run.region(), settings.pools())
        .of(type).map(OnDemandPrices.Price::perHour);
    if (settings.pools().maxPrice() != null
        && (price.isEmpty() || price.get().compareTo(settings.pools().maxPrice()) > 0)) {
      run.state("cancelled");
      return run.finish(Outcome.FAILED, Reason.Code.ON_DEMAND_OVER_PRICE_CAP, why + "; the on-demand fallback was not used:"
          + " the on-demand price of " + type + " (" + price.map(java.math.BigDecimal::toPlainString).orElse("unknown")
          + ") is not within MAX_PRICE " + settings.pools().maxPrice().toPlainString());
    }
    progress.note(why + ": launching on-demand (ON_DEMAND_FALLBACK)");
    capturePlan(original, run, steps);
    RunLauncher.RunEnd end = steps.run.onDemand(original, run.carryover().requestTags());
    if (end instanceof RunLauncher.RunEnd.DryRunPassed) {
      return run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept an on-demand RunInstances for " + type
          + " in " + original.spec().availabilityZone() + "; nothing was launched");
    }
    if (end instanceof RunLauncher.RunEnd.TokenTaken) {
      return resumeTaken(original, deadline, run, steps);
    }
    if (end instanceof RunLauncher.RunEnd.Refused refused) {
      run.state("cancelled");
      return run.finish(Outcome.FAILED, Reason.ec2(refused.code()), why + "; the on-demand fallback was refused too ("
          + refused.code() + ")");
    }
    String id = ((RunLauncher.RunEnd.Launched) end).instanceId();
    run.chose(type, original.spec().availabilityZone());
    run.launched("on-demand", "on-demand");
    return complete(id, true, original, deadline, run, steps, Reason.Code.ON_DEMAND_FALLBACK, why + ": " + id
        + " was launched ON-DEMAND (ON_DEMAND_FALLBACK=true) and replaces " + original.instanceId()
        + "; it costs the on-demand price until you move it back to spot");
  }

  /**
   * The original is terminated (or forgotten) and no plan was captured while it ran: what EC2 still
   * shows cannot be launched from. A replacement made for it may still be there.
   */
  private Result gone(Notice notice, Inspector.Seen seen, Run run, Steps steps) {
    String id = notice.instanceId();
    if (seen instanceof Inspector.Seen.Unknown) {
      return skipped(run, new Decision.Skip(Reason.Code.INSTANCE_NOT_FOUND, id + " is not known to EC2 in "
          + notice.region() + ": nothing to replace"));
    }
    String state = ((Inspector.Seen.Stripped) seen).state();
    Optional<Replacements.Existing> existing = steps.replacements.find(id);
    if (existing.isPresent() && existing.get().hasInstance()) {
      steps.orphans.terminate(existing.get().others(), id, existing.get().instanceId());
      run.resumed(existing.get().spotRequestId());
      run.fulfilled(existing.get().instanceId());
      run.state(existing.get().state());
      return skipped(run, new Decision.Skip(Reason.Code.ALREADY_REPLACED, existing.get().instanceId() + " already replaces "
          + id + "; the handover is complete"));
    }
    return skipped(run, new Decision.Skip(new Reason.InstanceGone(Reason.InstanceGone.Which.ORIGINAL, state), id + " is " + state + " and no launch plan was"
        + " captured while it ran: EC2 no longer shows its subnet, security groups or profile to launch from"));
  }

  /**
   * Captures the plan before anything is launched, so every later invocation finds it whichever
   * call launches; not before, so that a run that launches nothing makes no mutating call.
   */
  private void capturePlan(Original original, Run run, Steps steps) {
    if (run.plan() == null && !settings.dryRun()) {
      run.plan(steps.plans.capture(original, run.carryover()));
    }
  }

  /** Notices that need no EC2 call to be turned away. */
  private Optional<Decision.Skip> screen(Notice notice) {
    if (notice.kind() == NoticeKind.REBALANCE_RECOMMENDATION && settings.replaceOnRebalance()) {
      // Launch before terminate: the later warning finds this replacement by its tag and skips.
      return Optional.empty();
    }
    if (notice.kind() == NoticeKind.REBALANCE_RECOMMENDATION) {
      return Optional.of(new Decision.Skip(Reason.Code.NOTICE_NOT_HANDLED, "'" + notice.kind().detailType() + "' for "
          + notice.instanceId() + " is not acted on (setting REPLACE_ON_REBALANCE=true launches early on it)"));
    }
    if (notice.kind() != NoticeKind.INTERRUPTION_WARNING) {
      return Optional.of(new Decision.Skip(Reason.Code.NOTICE_NOT_HANDLED, "'" + notice.kind().detailType()
          + "' for " + notice.instanceId() + " is not acted on: only interruption warnings launch replacements"));
    }
    if (notice.action() != InstanceAction.TERMINATE) {
      // Only a persistent request or a maintained fleet stops or hibernates a spot instance, and
      // either restarts it when capacity returns: a replacement would be a duplicate.
      return Optional.of(new Decision.Skip(notice.action() == InstanceAction.STOP ? Reason.Code.INSTANCE_ACTION_STOP
          : Reason.Code.INSTANCE_ACTION_HIBERNATE,
          notice.instanceId() + " will be " + (notice.action() == InstanceAction.STOP ? "stopped" : "hibernated")
              + ", not terminated: its persistent spot request or fleet restarts it when capacity returns"));
    }
    return Optional.empty();
  }

  /** Picks up what an earlier delivery started; empty when there is nothing left to resume. */
  private Optional<Result> resume(Replacements.Existing existing, Original original, Instant deadline,
      Run run, Steps steps) throws InterruptedException {
    run.resumed(existing.spotRequestId());
    run.chose(existing.instanceType(), existing.availabilityZone());
    if (existing.hasInstance()) {
      steps.orphans.terminate(existing.others(), original.instanceId(), existing.instanceId());
      Optional<Instance> instance = steps.watcher.describeInstance(existing.instanceId());
      boolean tagged = instance.map(i -> i.tags().stream().anyMatch(t -> t.key().equals(Launcher.REPLACES_TAG)))
          .orElse(false);
      String state = instance.map(i -> i.state().nameAsString()).orElse("unknown");
      if (tagged && "running".equals(state)) {
        run.fulfilled(existing.instanceId());
        run.state(state);
        steps.launcher.carryAttributes(existing.instanceId(), original, deadline);
        // An earlier delivery may have ended pending, waiting for volumes: finish that first.
        return Optional.of(steps.reattacher.finish(existing.instanceId(), original.instanceId(), deadline, run,
            () -> run.finish(Outcome.SKIPPED, Reason.Code.ALREADY_REPLACED, existing.instanceId()
                + " already replaces " + original.instanceId() + (existing.spotRequestId() == null ? ""
                    : " (request " + existing.spotRequestId() + ")"))));
      }
      progress.note("resuming " + existing.spotRequestId() + ": instance " + existing.instanceId() + " is " + state);
      return Optional.of(complete(existing.instanceId(), tagged, original, deadline, run, steps));
    }
    progress.note("resuming open request " + existing.spotRequestId() + " (" + existing.code() + ")");
    Watcher.RequestEnd end = steps.watcher.awaitFulfilment(existing.spotRequestId(), deadline);
    if (end instanceof Watcher.RequestEnd.Fulfilled fulfilled) {
      run.launched("spot-request", "spot");
      return Optional.of(complete(fulfilled.instanceId(), false, original, deadline, run, steps));
    }
    if (end instanceof Watcher.RequestEnd.OutOfTime out) {
      run.state(out.state());
      return Optional.of(pending(run, existing.spotRequestId(), out.code()));
    }
    Watcher.RequestEnd.Rejected rejected = (Watcher.RequestEnd.Rejected) end;
    Optional<String> launchedAnyway = steps.launcher.cancel(existing.spotRequestId());
    if (launchedAnyway.isPresent()) {
      return Optional.of(adopt(launchedAnyway.get(), existing.spotRequestId(), original, deadline, run, steps));
    }
    run.tried(new PoolTried(existing.instanceType(), existing.availabilityZone(), null, null,
        "rejected", rejected.code(), existing.spotRequestId()));
    return Optional.empty();
  }

  /**
   * RunInstances with spot market options, pool by pool, when RequestSpotInstances cannot express
   * the original: the replacement is never weaker than it (IMDSv2 from its first boot, ...).
   */
  private Result runSpot(List<PricedPool> pools, PriceCap cap, Original original, Instant deadline, Run run,
      Steps steps, String why) throws InterruptedException {
    capturePlan(original, run, steps);
    String lastRefusal = null;
    for (int i = 0; i < pools.size(); i++) {
      PricedPool pool = pools.get(i);
      if (!clock.instant().isBefore(deadline)) {
        return outOfTime(run, pools, i);
      }
      RunLauncher.RunEnd end = steps.run.spot(original, pool, i + 1, cap.text(), run.carryover().requestTags());
      if (end instanceof RunLauncher.RunEnd.DryRunPassed) {
        run.tried(PoolTried.of(pool, "chosen", null, null));
        run.chose(pool);
        notTried(run, pools, i + 1);
        return run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept a spot RunInstances for " + pool.pool()
            + " (price in force " + pool.priceText() + "; " + why + "); nothing was launched");
      } else if (end instanceof RunLauncher.RunEnd.TokenTaken) {
        return resumeTaken(original, deadline, run, steps);
      } else if (end instanceof RunLauncher.RunEnd.Refused refused) {
        run.tried(PoolTried.of(pool, "rejected", refused.code(), null));
        lastRefusal = refused.code();
        progress.note(pool.pool() + " refused at once: " + refused.code());
      } else {
        String id = ((RunLauncher.RunEnd.Launched) end).instanceId();
        run.tried(PoolTried.of(pool, "chosen", null, null));
        notTried(run, pools, i + 1);
        run.chose(pool);
        run.launched("run-instances", "spot", why);
        progress.note("RunInstances (spot) launched " + id + " in " + pool.pool() + ": " + why);
        return complete(id, true, original, deadline, run, steps);
      }
    }
    return noSpotPool(lastRefusal, original, deadline, run, steps);
  }

  /** Tries the pools cheapest first until one fulfils, a request fails for good, or time runs out. */
  private Result launch(List<PricedPool> pools, PriceCap cap, Original original, Instant deadline, Run run,
      Steps steps) throws InterruptedException {
    capturePlan(original, run, steps);
    List<String> beyond = original.spec().beyondSpotRequest();
    if (!beyond.isEmpty()) {
      return runSpot(pools, cap, original, deadline, run, steps,
          "RequestSpotInstances cannot carry: " + String.join(", ", beyond));
    }
    String lastRefusal = null;
    for (int i = 0; i < pools.size(); i++) {
      PricedPool pool = pools.get(i);
      if (!clock.instant().isBefore(deadline)) {
        return outOfTime(run, pools, i);
      }
      LaunchAttempt attempt = steps.launcher.request(original, pool, i + 1, cap.text(),
          run.carryover().requestTags());
      if (attempt instanceof LaunchAttempt.DryRunPassed) {
        run.tried(PoolTried.of(pool, "chosen", null, null));
        run.chose(pool);
        notTried(run, pools, i + 1);
        progress.note("dry run: EC2 would accept a spot request in " + pool.pool() + " at " + pool.priceText());
        return run.finish(Outcome.DRY_RUN, Reason.Code.DRY_RUN_OK, "EC2 would accept a one-time spot request for "
            + pool.pool() + " (price in force " + pool.priceText() + "); nothing was launched");
      } else if (attempt instanceof LaunchAttempt.Denied denied) {
        // Some organisations deny the legacy API by policy; CreateFleet is its modern equivalent.
        progress.note("RequestSpotInstances is denied (" + denied.code() + "): using CreateFleet");
        return fleet(pools.subList(i, pools.size()), cap, original, deadline, run, steps);
      } else if (attempt instanceof LaunchAttempt.PoolRefused refused) {
        run.tried(PoolTried.of(pool, "rejected", refused.code(), null));
        lastRefusal = refused.code();
        progress.note(pool.pool() + " refused at once: " + refused.code());
      } else if (attempt instanceof LaunchAttempt.TokenTaken) {
        Optional<Replacements.Existing> existing = steps.replacements.find(original.instanceId());
        if (existing.isPresent()) {
          Optional<Result> resumed = resume(existing.get(), original, deadline, run, steps);
          if (resumed.isPresent()) {
            return resumed.get();
          }
        }
        run.tried(PoolTried.of(pool, "rejected", "IdempotentParameterMismatch", null));
      } else if (attempt instanceof LaunchAttempt.Requested requested) {
        String id = requested.spotRequestId();
        run.requested(id);
        run.chose(pool);
        progress.note("requested " + pool.pool() + " at " + pool.priceText() + ": " + id);
        Watcher.RequestEnd end = steps.watcher.awaitFulfilment(id, deadline);
        if (end instanceof Watcher.RequestEnd.Fulfilled fulfilled) {
          run.launched("spot-request", "spot");
          run.tried(PoolTried.of(pool, "chosen", null, id));
          notTried(run, pools, i + 1);
          return complete(fulfilled.instanceId(), false, original, deadline, run, steps);
        }
        if (end instanceof Watcher.RequestEnd.OutOfTime out) {
          run.tried(PoolTried.of(pool, "chosen", null, id));
          notTried(run, pools, i + 1);
          run.state(out.state());
          return pending(run, id, out.code());
        }
        Watcher.RequestEnd.Rejected rejected = (Watcher.RequestEnd.Rejected) end;
        run.tried(PoolTried.of(pool, "rejected", rejected.code(), id));
        if (rejected.status() == SpotStatus.TERMINAL) {
          notTried(run, pools, i + 1);
          run.state(rejected.state());
          return run.finish(Outcome.FAILED, Reason.ec2(rejected.code() == null ? rejected.state() : rejected.code()),
              "spot request " + id + " ended " + rejected.state() + " (" + rejected.code() + ")"
                  + (rejected.message() == null ? "" : ": " + rejected.message()));
        }
        Optional<String> launchedAnyway = steps.launcher.cancel(id);
        if (launchedAnyway.isPresent()) {
          notTried(run, pools, i + 1);
          return adopt(launchedAnyway.get(), id, original, deadline, run, steps);
        }
        lastRefusal = rejected.code();
        progress.note(pool.pool() + " rejected: " + rejected.code() + "; cancelled " + id);
      }
    }
    return noSpotPool(lastRefusal, original, deadline, run, steps);
  }

  /**
   * The request launched while it was being cancelled (request-canceled-and-instance-running): its
   * instance runs on regardless, so it becomes the replacement instead of an untagged orphan.
   */
  private Result adopt(String instanceId, String spotRequestId, Original original, Instant deadline, Run run,
      Steps steps) throws InterruptedException {
    progress.note("cancelled " + spotRequestId + ", but it had launched " + instanceId + ": adopting it");
    run.launched("spot-request", "spot");
    return complete(instanceId, false, original, deadline, run, steps);
  }

  /**
   * The launch has an instance: link it to the original (unless it was {@code tagged} at launch,
   * or by an earlier delivery) and wait for it to run.
   */
  private Result complete(String instanceId, boolean tagged, Original original, Instant deadline, Run run,
      Steps steps) throws InterruptedException {
    return complete(instanceId, tagged, original, deadline, run, steps, Reason.Code.RUNNING,
        instanceId + " replaces " + original.instanceId());
  }

  private Result complete(String instanceId, boolean tagged, Original original, Instant deadline, Run run,
      Steps steps, Reason runningReason, String runningMessage) throws InterruptedException {
    run.fulfilled(instanceId);
    if (!tagged) {
      // The policy allows this once per instance: a replacement's link cannot be re-pointed.
      steps.launcher.tagReplacement(instanceId, original, deadline);
    }
    steps.launcher.carryAttributes(instanceId, original, deadline);
    progress.note("fulfilled: " + instanceId + " tagged, waiting for running");
    Watcher.InstanceEnd end = steps.watcher.awaitRunning(instanceId, deadline);
    if (end instanceof Watcher.InstanceEnd.Running) {
      run.running();
      progress.note(instanceId + " is running");
      return steps.reattacher.finish(instanceId, original.instanceId(), deadline, run,
          () -> run.finish(Outcome.REPLACED, runningReason, runningMessage));
    }
    if (end instanceof Watcher.InstanceEnd.Gone gone) {
      run.state(gone.state());
      return run.finish(Outcome.FAILED,
          new Reason.InstanceGone(Reason.InstanceGone.Which.REPLACEMENT, gone.state()), "the replacement " + instanceId
          + " went " + gone.state() + " before running");
    }
    run.state(((Watcher.InstanceEnd.OutOfTime) end).state());
    return run.finish(Outcome.PENDING, Reason.Code.INSTANCE_NOT_RUNNING_YET, instanceId
        + " is still " + run.state() + " at the time limit; a re-delivery resumes watching it");
  }

  private static Result pending(Run run, String spotRequestId, String code) {
    return run.finish(Outcome.PENDING, Reason.Code.REQUEST_OPEN, "spot request " + spotRequestId + " is still open ("
        + code + ") at the time limit; a re-delivery resumes watching it");
  }

  private Result skipped(Run run, Decision.Skip skip) {
    progress.note("skipped: " + skip.message());
    return run.finish(Outcome.SKIPPED, skip.reason(), skip.message());
  }

  private static Result outOfTime(Run run, List<PricedPool> pools, int from) {
    notTried(run, pools, from);
    return run.finish(Outcome.FAILED, Reason.Code.OUT_OF_TIME, "the time budget ran out before a pool could be tried");
  }

  private static void notTried(Run run, List<PricedPool> pools, int from) {
    for (int j = from; j < pools.size(); j++) {
      run.tried(PoolTried.of(pools.get(j), "not-tried", null, null));
    }
  }

  /** The steps of one invocation, all on its counting client. */
  private final class Steps {
    final Inspector inspector;
    final Eligibility eligibility;
    final Replacements replacements;
    final PoolChooser chooser;
    final Launcher launcher;
    final Watcher watcher;
    final CarryoverFinder carryovers;
    final Reattacher reattacher;
    final FollowUp followUp;
    final FleetLauncher fleet;
    final RunLauncher run;
    final Plans plans;
    final Orphans orphans;

    Steps(Ec2Client counted) {
      inspector = new Inspector(counted);
      eligibility = new Eligibility(counted, settings);
      replacements = new Replacements(counted);
      chooser = new PoolChooser(counted, settings, clock, progress::note);
      launcher = new Launcher(counted, settings, clock, sleeper, random);
      plans = new Plans(counted, clock);
      orphans = new Orphans(counted, progress);
      watcher = new Watcher(counted, clock, sleeper, random);
      carryovers = new CarryoverFinder(counted, progress);
      reattacher = new Reattacher(counted, clock, sleeper, random, progress, settings.handover());
      followUp = new FollowUp(replacements, plans, watcher, reattacher, progress);
      fleet = new FleetLauncher(counted, settings);
      run = new RunLauncher(counted, settings);
    }
  }
}
