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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The orchestrator: inspect, decide, resume, choose, launch, watch, tag, hand over, in that order.
 * Each step is a small class; this one only sequences them and turns what they report into a
 * {@link Result}. How the replacement is launched is a {@link LaunchStrategy}, tried in the
 * {@link LaunchOrder} the settings give.
 */
public final class Replacer {

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final Progress progress;
  private final ExecutorService prefetchThreads;
  private final Optional<PriceListApi> priceList;

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
    this(ec2, settings, clock, sleeper, random, progress, prefetchThreads, Optional.empty());
  }

  /**
   * As above, asking {@code priceList} (shared by every Replacer of a container) for an on-demand
   * price that ON_DEMAND_PRICES and the built-in table lack.
   */
  public Replacer(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper,
      Supplier<RandomGenerator> random, Progress progress, ExecutorService prefetchThreads,
      PriceListApi priceList) {
    this(ec2, settings, clock, sleeper, random, progress, prefetchThreads,
        Optional.of(Objects.requireNonNull(priceList, "priceList == null")));
  }

  private Replacer(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper,
      Supplier<RandomGenerator> random, Progress progress, ExecutorService prefetchThreads,
      Optional<PriceListApi> priceList) {
    this.priceList = priceList;
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
    Inspected inspected = new Inspected();
    while (true) {
      Result result = attempt(notice, deadline, calls, start, inspected);
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

  /**
   * What an attempt read of the running original, for the next attempt of the same invocation: in
   * a storm the plan's CreateLaunchTemplate may stay throttled until EC2 has terminated the
   * original, and a terminated instance no longer shows what a replacement is launched from.
   */
  private static final class Inspected {
    private Original original;
    private Carryover carryover;

    Optional<Original> original() {
      return Optional.ofNullable(original);
    }
  }

  private Result attempt(Notice notice, Instant deadline, ApiCalls calls, Instant start, Inspected inspected) {
    Run run = new Run(notice, clock, calls, start);
    Prefetch prefetch = new Prefetch(ec2, calls, notice.instanceId(), settings, clock, prefetchThreads);
    Steps steps = new Steps(prefetch);
    try {
      Result result = replace(notice, deadline, run, steps, inspected);
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

  /** Event, notice, original, plan, pools, launch, running, handed over, result. */
  private Result replace(Notice notice, Instant deadline, Run run, Steps steps, Inspected inspected)
      throws InterruptedException {
    if (notice.kind() == NoticeKind.STATE_CHANGE) {
      return steps.followUp.finish(notice, deadline, run);
    }
    Optional<Decision.Skip> screened = screen(notice);
    if (screened.isPresent()) {
      return skipped(run, screened.get());
    }

    Original original;
    Optional<Plan> plan = Optional.empty();
    boolean inspectedNow = false;
    if (inspected.original().isPresent()) {
      // An earlier attempt of this invocation read it running and found it eligible; reading it
      // again would only spend the throttled Describe budget other replacements need.
      original = inspected.original().get();
      run.carryover(inspected.carryover);
      progress.note("again with what this invocation read of " + original.instanceId() + " while it ran");
    } else {
      Inspector.Seen seen = steps.inspector.inspect(notice.instanceId());
      plan = seen instanceof Inspector.Seen.Described || settings.dryRun() ? Optional.empty()
          : steps.plans.find(notice.instanceId());
      if (plan.isPresent()) {
        // The instance is gone or stripped: launch and hand over from what was captured while it ran.
        original = plan.get().original();
        run.plan(plan.get());
        run.carryover(plan.get().carryover());
        progress.note(notice.instanceId() + " is " + (seen instanceof Inspector.Seen.Stripped s ? s.state()
            : "no longer known to EC2") + ": following the plan in launch template " + plan.get().templateName());
      } else if (seen instanceof Inspector.Seen.Described described) {
        original = described.original();
        progress.note("inspected " + original.instanceId() + ": " + original.spec().instanceType() + " in "
            + original.spec().availabilityZone() + ", " + original.lifecycle() + ", " + original.state());
        if (steps.eligibility.decide(original) instanceof Decision.Skip skip) {
          return skipped(run, skip);
        }
        inspectedNow = true;
      } else {
        return gone(notice, seen, run, steps);
      }
    }

    Optional<Replacements.Existing> existing = steps.replacements.find(original.instanceId());
    if (inspectedNow) {
      run.carryover(steps.carryovers.plan(original, existing));
      inspected.original = original;
      inspected.carryover = run.carryover();
      if (existing.isPresent() && !settings.dryRun()) {
        steps.plans.find(original.instanceId()).ifPresent(earlier -> {
          run.plan(earlier);
          run.carryover(earlier.carryover());
        });
      }
    }
    if (existing.isPresent()) {
      Optional<Result> resumed = steps.resumer.resume(existing.get(), original, deadline, run);
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }

    PoolChooser.Ranking ranking = rank(original, notice, run, steps);
    if (ranking.priced().isEmpty() && !ranking.overCap().isEmpty()) {
      return run.finish(Outcome.FAILED, Reason.Code.OVER_PRICE_CAP, "every candidate pool costs more than the cap "
          + ranking.cap().text() + " (" + ranking.cap().source() + "): nothing was launched; raise the cap or"
          + " widen the choice (INSTANCE_TYPES, DIVERSIFY, SUBNET_IDS)");
    }
    List<LaunchOrder.Choice> order = steps.order.of(original, !ranking.priced().isEmpty());
    if (order.isEmpty()) {
      return run.finish(Outcome.FAILED, Reason.Code.NO_SPOT_PRICE, "EC2 lists no spot price for "
          + original.spec().instanceType() + " in the candidate zones: it is not offered there as spot");
    }

    String lastRefusal = null;
    for (LaunchOrder.Choice choice : order) {
      String why = choice.strategy() instanceof OnDemandStrategy && lastRefusal != null
          ? choice.why() + " (last: " + lastRefusal + ")" : choice.why();
      LaunchStrategy.End end = choice.strategy().launch(
          new LaunchStrategy.Attempt(original, ranking.priced(), ranking.cap(), deadline, run, why));
      if (end instanceof LaunchStrategy.End.Launched launched) {
        return steps.completion.complete(launched, original, deadline, run);
      }
      if (end instanceof LaunchStrategy.End.Ended ended) {
        return ended.result();
      }
      lastRefusal = ((LaunchStrategy.End.NoPool) end).lastRefusal();
    }
    run.state("cancelled");
    return run.finish(Outcome.FAILED, lastRefusal == null ? Reason.Code.NO_POOL : Reason.ec2(lastRefusal),
        "no candidate pool could take the replacement (last: " + lastRefusal + "); add subnets in other"
            + " zones (SUBNET_IDS) or instance types (INSTANCE_TYPES, DIVERSIFY) to widen the choice,"
            + " or allow ON_DEMAND_FALLBACK");
  }

  /** The candidate pools, cheapest first; those without a price or over the cap are reported as tried. */
  private PoolChooser.Ranking rank(Original original, Notice notice, Run run, Steps steps) {
    PoolChooser.Ranking ranking = steps.chooser.rank(original, notice.region(), notice.time(),
        run.carryover().requiredZone(original));
    run.cap(ranking.cap());
    ranking.unpriced().forEach(pool -> run.tried(new PoolTried(pool.instanceType(),
        pool.availabilityZone(), pool.subnetId(), null, "no-price", "no spot price: not offered", null)));
    ranking.overCap().forEach(pool -> run.tried(PoolTried.of(pool, "over-cap", "price " + pool.priceText()
        + " is above the cap " + ranking.cap().text() + " (" + ranking.cap().source() + ")", null)));
    progress.note("ranked " + ranking.priced().size() + " pool(s): " + ranking.priced().stream()
        .map(p -> p.pool() + " at " + p.priceText()).toList());
    return ranking;
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
      return skipped(run, new Decision.Skip(Reason.Code.ALREADY_REPLACED, existing.get().instanceId()
          + " already replaces " + id + "; the handover is complete"));
    }
    return skipped(run, new Decision.Skip(new Reason.InstanceGone(Reason.InstanceGone.Which.ORIGINAL, state), id
        + " is " + state + " and no launch plan was captured while it ran: EC2 no longer shows its subnet,"
        + " security groups or profile to launch from"));
  }

  /** Notices that need no EC2 call to be turned away. */
  private Optional<Decision.Skip> screen(Notice notice) {
    if (notice.kind() == NoticeKind.REBALANCE_RECOMMENDATION && settings.replaceOnRebalance()) {
      // Launch before terminate: the later warning finds this replacement by its tag and skips.
      return Optional.empty();
    }
    if (notice.kind() == NoticeKind.REBALANCE_RECOMMENDATION) {
      return Optional.of(new Decision.Skip(Reason.Code.NOTICE_NOT_HANDLED, "'" + notice.kind().detailType()
          + "' for " + notice.instanceId() + " is not acted on (setting REPLACE_ON_REBALANCE=true launches early"
          + " on it)"));
    }
    if (notice.kind() != NoticeKind.INTERRUPTION_WARNING) {
      return Optional.of(new Decision.Skip(Reason.Code.NOTICE_NOT_HANDLED, "'" + notice.kind().detailType()
          + "' for " + notice.instanceId() + " is not acted on: only interruption warnings launch replacements"));
    }
    if (notice.action() != InstanceAction.TERMINATE) {
      // Only a persistent request or a maintained fleet stops or hibernates a spot instance, and
      // either restarts it when capacity returns: a replacement would be a duplicate.
      return Optional.of(new Decision.Skip(notice.action() == InstanceAction.STOP ? Reason.Code.INSTANCE_ACTION_STOP
          : Reason.Code.INSTANCE_ACTION_HIBERNATE, notice.instanceId() + " will be "
          + (notice.action() == InstanceAction.STOP ? "stopped" : "hibernated")
          + ", not terminated: its persistent spot request or fleet restarts it when capacity returns"));
    }
    return Optional.empty();
  }

  private Result skipped(Run run, Decision.Skip skip) {
    progress.note("skipped: " + skip.message());
    return run.finish(Outcome.SKIPPED, skip.reason(), skip.message());
  }

  /** The steps of one invocation, all on its counting client. */
  private final class Steps {
    final Inspector inspector;
    final Eligibility eligibility;
    final Replacements replacements;
    final PoolChooser chooser;
    final CarryoverFinder carryovers;
    final FollowUp followUp;
    final Plans plans;
    final Orphans orphans;
    final Resumer resumer;
    final Completion completion;
    final LaunchOrder order;

    Steps(Ec2Client counted) {
      inspector = new Inspector(counted);
      eligibility = new Eligibility(counted, settings);
      replacements = new Replacements(counted);
      chooser = new PoolChooser(counted, settings, clock, progress::note, priceList);
      plans = new Plans(counted, clock);
      orphans = new Orphans(counted, progress);
      carryovers = new CarryoverFinder(counted, progress);
      Launcher launcher = new Launcher(counted, settings, clock, sleeper, random);
      Watcher watcher = new Watcher(counted, clock, sleeper, random);
      Reattacher reattacher = new Reattacher(counted, clock, sleeper, random, progress, settings.handover());
      followUp = new FollowUp(replacements, plans, watcher, reattacher, progress);
      completion = new Completion(launcher, watcher, reattacher, progress);
      resumer = new Resumer(replacements, orphans, watcher, launcher, reattacher, completion, progress);
      PlanCapture capture = new PlanCapture(plans, settings);
      RunLauncher runLauncher = new RunLauncher(counted, settings);
      FleetStrategy fleet = new FleetStrategy(new FleetLauncher(counted, settings), resumer, capture, progress);
      order = new LaunchOrder(settings.pools(),
          new SpotRequestStrategy(launcher, watcher, resumer, fleet, capture, clock, progress),
          new RunInstancesStrategy(runLauncher, resumer, capture, clock, progress), fleet,
          new OnDemandStrategy(runLauncher, resumer, capture, settings.pools(), progress, priceList));
    }
  }
}
