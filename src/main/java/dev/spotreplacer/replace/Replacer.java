package dev.spotreplacer.replace;

import dev.spotreplacer.aws.ApiCalls;
import dev.spotreplacer.event.InstanceAction;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.event.NoticeKind;
import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The orchestrator: inspect, decide, choose, launch, watch, tag, in that order. Each step is a
 * small class; this one only sequences them and turns what they report into a {@link Result}.
 */
public final class Replacer {

  private final Ec2Client ec2;
  private final Settings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final Progress progress;
  private final ExecutorService prefetchThreads = Prefetch.threads();

  public Replacer(Ec2Client ec2, Settings settings, Clock clock, Sleeper sleeper,
      Supplier<RandomGenerator> random, Progress progress) {
    this.ec2 = ec2;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.progress = progress;
  }

  /** Handles one notice; never throws for EC2's answers, only reports them. */
  public Result replace(Notice notice, Instant deadline) {
    ApiCalls calls = new ApiCalls();
    Run run = new Run(notice, clock, calls);
    Prefetch prefetch = new Prefetch(ec2, calls, notice.instanceId(), settings, clock, prefetchThreads);
    Steps steps = new Steps(prefetch);
    try {
      return replace(notice, deadline, run, steps);
    } catch (StepFailure failure) {
      progress.note("failed: " + failure.getMessage());
      return run.finish(Outcome.FAILED, failure.reason(), failure.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return run.finish(run.spotRequestId() == null ? Outcome.FAILED : Outcome.PENDING, "interrupted",
          "stopped while watching; a re-delivery resumes any request made");
    } finally {
      prefetch.close();
    }
  }

  private Result replace(Notice notice, Instant deadline, Run run, Steps steps) throws InterruptedException {
    Optional<Decision.Skip> screened = screen(notice);
    if (screened.isPresent()) {
      return skipped(run, screened.get());
    }

    Optional<Original> found = steps.inspector.inspect(notice.instanceId());
    if (found.isEmpty()) {
      return skipped(run, new Decision.Skip("instance-not-found", notice.instanceId()
          + " is not known to EC2 in " + notice.region() + ": nothing to replace"));
    }
    Original original = found.get();
    progress.note("inspected " + original.instanceId() + ": " + original.spec().instanceType() + " in "
        + original.spec().availabilityZone() + ", " + original.lifecycle() + ", " + original.state());

    if (steps.eligibility.decide(original) instanceof Decision.Skip skip) {
      return skipped(run, skip);
    }

    Optional<Replacements.Existing> existing = steps.replacements.find(original.instanceId());
    if (existing.isPresent()) {
      Optional<Result> resumed = resume(existing.get(), original, deadline, run, steps);
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }

    PoolChooser.Ranking ranking = steps.chooser.rank(original);
    ranking.unpriced().forEach(pool -> run.tried(new PoolTried(pool.instanceType(),
        pool.availabilityZone(), pool.subnetId(), null, "no-price", "no spot price: not offered", null)));
    progress.note("ranked " + ranking.priced().size() + " pool(s): " + ranking.priced().stream()
        .map(p -> p.pool() + " at " + p.priceText()).toList());
    if (ranking.priced().isEmpty()) {
      return run.finish(Outcome.FAILED, "no-spot-price", "EC2 lists no spot price for "
          + original.spec().instanceType() + " in the candidate zones: it is not offered there as spot");
    }
    return launch(ranking.priced(), original, deadline, run, steps);
  }

  /** Notices that need no EC2 call to be turned away. */
  private Optional<Decision.Skip> screen(Notice notice) {
    if (notice.kind() != NoticeKind.INTERRUPTION_WARNING) {
      return Optional.of(new Decision.Skip("notice-not-handled", "'" + notice.kind().detailType()
          + "' for " + notice.instanceId() + " is not acted on: only interruption warnings launch replacements"));
    }
    boolean allowed = notice.action() == InstanceAction.TERMINATE
        || (notice.action() == InstanceAction.STOP && settings.replaceOnStop())
        || (notice.action() == InstanceAction.HIBERNATE && settings.replaceOnHibernate());
    if (!allowed) {
      return Optional.of(new Decision.Skip("instance-action-" + notice.action().wireName(),
          notice.instanceId() + " will be " + (notice.action() == InstanceAction.STOP ? "stopped" : "hibernated")
              + ", not terminated: EC2 restarts it when capacity returns (setting REPLACE_ON_"
              + notice.action().name() + " to replace it anyway)"));
    }
    return Optional.empty();
  }

  /** Picks up what an earlier delivery started; empty when there is nothing left to resume. */
  private Optional<Result> resume(Replacements.Existing existing, Original original, Instant deadline,
      Run run, Steps steps) throws InterruptedException {
    run.resumed(existing.spotRequestId());
    run.chose(existing.instanceType(), existing.availabilityZone());
    if (existing.hasInstance()) {
      Optional<Instance> instance = steps.watcher.describeInstance(existing.instanceId());
      boolean tagged = instance.map(i -> i.tags().stream().anyMatch(t -> t.key().equals(Launcher.REPLACES_TAG)))
          .orElse(false);
      String state = instance.map(i -> i.state().nameAsString()).orElse("unknown");
      if (tagged && "running".equals(state)) {
        run.fulfilled(existing.instanceId());
        run.state(state);
        return Optional.of(run.finish(Outcome.SKIPPED, "already-replaced", existing.instanceId()
            + " already replaces " + original.instanceId() + " (request " + existing.spotRequestId() + ")"));
      }
      progress.note("resuming " + existing.spotRequestId() + ": instance " + existing.instanceId() + " is " + state);
      return Optional.of(complete(existing.instanceId(), original, deadline, run, steps));
    }
    progress.note("resuming open request " + existing.spotRequestId() + " (" + existing.code() + ")");
    Watcher.RequestEnd end = steps.watcher.awaitFulfilment(existing.spotRequestId(), deadline);
    if (end instanceof Watcher.RequestEnd.Fulfilled fulfilled) {
      return Optional.of(complete(fulfilled.instanceId(), original, deadline, run, steps));
    }
    if (end instanceof Watcher.RequestEnd.OutOfTime out) {
      run.state(out.state());
      return Optional.of(pending(run, existing.spotRequestId(), out.code()));
    }
    Watcher.RequestEnd.Rejected rejected = (Watcher.RequestEnd.Rejected) end;
    steps.launcher.cancel(existing.spotRequestId());
    run.tried(new PoolTried(existing.instanceType(), existing.availabilityZone(), null, null,
        "rejected", rejected.code(), existing.spotRequestId()));
    return Optional.empty();
  }

  /** Tries the pools cheapest first until one fulfils, a request fails for good, or time runs out. */
  private Result launch(List<PricedPool> pools, Original original, Instant deadline, Run run, Steps steps)
      throws InterruptedException {
    String lastRefusal = null;
    for (int i = 0; i < pools.size(); i++) {
      PricedPool pool = pools.get(i);
      if (!clock.instant().isBefore(deadline)) {
        notTried(run, pools, i);
        return run.finish(Outcome.FAILED, "out-of-time", "the time budget ran out before a pool could be tried");
      }
      LaunchAttempt attempt = steps.launcher.request(original, pool, i + 1);
      if (attempt instanceof LaunchAttempt.DryRunPassed) {
          run.tried(PoolTried.of(pool, "chosen", null, null));
          run.chose(pool);
          notTried(run, pools, i + 1);
          progress.note("dry run: EC2 would accept a spot request in " + pool.pool() + " at " + pool.priceText());
          return run.finish(Outcome.DRY_RUN, "dry-run-ok", "EC2 would accept a one-time spot request for "
              + pool.pool() + " (price in force " + pool.priceText() + "); nothing was launched");
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
            run.tried(PoolTried.of(pool, "chosen", null, id));
            notTried(run, pools, i + 1);
            return complete(fulfilled.instanceId(), original, deadline, run, steps);
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
            return run.finish(Outcome.FAILED, rejected.code() == null ? rejected.state() : rejected.code(),
                "spot request " + id + " ended " + rejected.state() + " (" + rejected.code() + ")"
                    + (rejected.message() == null ? "" : ": " + rejected.message()));
          }
          steps.launcher.cancel(id);
          lastRefusal = rejected.code();
          progress.note(pool.pool() + " rejected: " + rejected.code() + "; cancelled " + id);
      }
    }
    run.state("cancelled");
    return run.finish(Outcome.FAILED, lastRefusal == null ? "no-pool" : lastRefusal,
        "no candidate pool could take the replacement (last: " + lastRefusal + "); add subnets in other"
            + " zones (SUBNET_IDS) to widen the choice");
  }

  /** The request has an instance: link it to the original and wait for it to run. */
  private Result complete(String instanceId, Original original, Instant deadline, Run run, Steps steps)
      throws InterruptedException {
    run.fulfilled(instanceId);
    steps.launcher.tagReplacement(instanceId, original);
    progress.note("fulfilled: " + instanceId + " tagged, waiting for running");
    Watcher.InstanceEnd end = steps.watcher.awaitRunning(instanceId, deadline);
    if (end instanceof Watcher.InstanceEnd.Running) {
      run.running();
      progress.note(instanceId + " is running");
      return run.finish(Outcome.REPLACED, "running", instanceId + " replaces " + original.instanceId());
    }
    if (end instanceof Watcher.InstanceEnd.Gone gone) {
      run.state(gone.state());
      return run.finish(Outcome.FAILED, "replacement-" + gone.state(), "the replacement " + instanceId
          + " went " + gone.state() + " before running");
    }
    run.state(((Watcher.InstanceEnd.OutOfTime) end).state());
    return run.finish(Outcome.PENDING, "instance-not-running-yet", instanceId
        + " is still " + run.state() + " at the time limit; a re-delivery resumes watching it");
  }

  private static Result pending(Run run, String spotRequestId, String code) {
    return run.finish(Outcome.PENDING, "request-open", "spot request " + spotRequestId + " is still open ("
        + code + ") at the time limit; a re-delivery resumes watching it");
  }

  private Result skipped(Run run, Decision.Skip skip) {
    progress.note("skipped: " + skip.message());
    return run.finish(Outcome.SKIPPED, skip.reason(), skip.message());
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

    Steps(Ec2Client counted) {
      inspector = new Inspector(counted);
      eligibility = new Eligibility(counted, settings);
      replacements = new Replacements(counted);
      chooser = new PoolChooser(counted, settings, clock);
      launcher = new Launcher(counted, settings);
      watcher = new Watcher(counted, clock, sleeper, random);
    }
  }
}
