package dev.spotreplacer.replace;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Picks up what an earlier delivery started, found by our tags: an instance to finish (tag, watch,
 * hand over), or an open request to keep watching. Never launches.
 */
final class Resumer {

  private final Replacements replacements;
  private final Orphans orphans;
  private final Watcher watcher;
  private final Launcher launcher;
  private final Reattacher reattacher;
  private final Completion completion;
  private final Progress progress;

  Resumer(Replacements replacements, Orphans orphans, Watcher watcher, Launcher launcher, Reattacher reattacher,
      Completion completion, Progress progress) {
    this.replacements = replacements;
    this.orphans = orphans;
    this.watcher = watcher;
    this.launcher = launcher;
    this.reattacher = reattacher;
    this.completion = completion;
    this.progress = progress;
  }

  /** The result of resuming the earlier replacement for {@code original}; empty when there is nothing left to resume. */
  Optional<Result> resume(Original original, Instant deadline, Run run) throws InterruptedException {
    Optional<Replacements.Existing> existing = replacements.find(original.instanceId());
    return existing.isPresent() ? resume(existing.get(), original, deadline, run) : Optional.empty();
  }

  /**
   * A ClientToken came back with other parameters: an earlier delivery launched with it. Resume
   * what it launched, or fail saying that its instance is gone.
   */
  Result resumeTaken(Original original, Instant deadline, Run run) throws InterruptedException {
    Optional<Result> resumed = resume(original, deadline, run);
    if (resumed.isPresent()) {
      return resumed.get();
    }
    return run.finish(Outcome.FAILED, Reason.ec2("IdempotentParameterMismatch"), "an earlier delivery launched for "
        + original.instanceId() + " with other parameters, and its instance is gone");
  }

  Optional<Result> resume(Replacements.Existing existing, Original original, Instant deadline, Run run)
      throws InterruptedException {
    run.resumed(existing.spotRequestId());
    run.chose(existing.instanceType(), existing.availabilityZone());
    if (existing.hasInstance()) {
      orphans.terminate(existing.others(), original.instanceId(), existing.instanceId());
      Optional<Instance> instance = watcher.describeInstance(existing.instanceId());
      boolean tagged = instance.map(i -> i.tags().stream().anyMatch(t -> t.key().equals(TagKeys.REPLACES)))
          .orElse(false);
      String state = instance.map(i -> i.state().nameAsString()).orElse("unknown");
      if (tagged && "running".equals(state)) {
        run.fulfilled(existing.instanceId());
        run.state(state);
        launcher.carryAttributes(existing.instanceId(), original, deadline);
        // An earlier delivery may have ended pending, waiting for volumes: finish that first.
        return Optional.of(reattacher.finish(existing.instanceId(), original.instanceId(), deadline, run,
            () -> run.finish(Outcome.SKIPPED, Reason.Code.ALREADY_REPLACED, existing.instanceId()
                + " already replaces " + original.instanceId() + (existing.spotRequestId() == null ? ""
                    : " (request " + existing.spotRequestId() + ")"))));
      }
      progress.note("resuming " + existing.spotRequestId() + ": instance " + existing.instanceId() + " is " + state);
      return Optional.of(completion.complete(LaunchStrategy.launched(existing.instanceId(), tagged, original),
          original, deadline, run));
    }
    progress.note("resuming open request " + existing.spotRequestId() + " (" + existing.code() + ")");
    Watcher.RequestEnd end = watcher.awaitFulfilment(existing.spotRequestId(), deadline);
    if (end instanceof Watcher.RequestEnd.Fulfilled fulfilled) {
      run.launched("spot-request", "spot");
      return Optional.of(completion.complete(LaunchStrategy.launched(fulfilled.instanceId(), false, original),
          original, deadline, run));
    }
    if (end instanceof Watcher.RequestEnd.OutOfTime out) {
      run.state(out.state());
      return Optional.of(run.requestStillOpen(existing.spotRequestId(), out.code()));
    }
    Watcher.RequestEnd.Rejected rejected = (Watcher.RequestEnd.Rejected) end;
    Optional<String> launchedAnyway = launcher.cancel(existing.spotRequestId());
    if (launchedAnyway.isPresent()) {
      progress.note("cancelled " + existing.spotRequestId() + ", but it had launched " + launchedAnyway.get()
          + ": adopting it");
      run.launched("spot-request", "spot");
      return Optional.of(completion.complete(LaunchStrategy.launched(launchedAnyway.get(), false, original),
          original, deadline, run));
    }
    run.tried(new PoolTried(existing.instanceType(), existing.availabilityZone(), null, null,
        "rejected", rejected.code(), existing.spotRequestId()));
    return Optional.empty();
  }
}
