package dev.spotreplacer.replace;

import java.time.Instant;

/**
 * From a launched instance to the result: link it to the original (unless tagged at launch or by
 * an earlier delivery), carry what RequestSpotInstances cannot, wait for running, hand over.
 */
final class Completion {

  private final Launcher launcher;
  private final Watcher watcher;
  private final Reattacher reattacher;
  private final Progress progress;

  Completion(Launcher launcher, Watcher watcher, Reattacher reattacher, Progress progress) {
    this.launcher = launcher;
    this.watcher = watcher;
    this.reattacher = reattacher;
    this.progress = progress;
  }

  Result complete(LaunchStrategy.End.Launched launched, Original original, Instant deadline, Run run)
      throws InterruptedException {
    String instanceId = launched.instanceId();
    run.fulfilled(instanceId);
    if (!launched.tagged()) {
      // The policy allows this once per instance: a replacement's link cannot be re-pointed.
      launcher.tagReplacement(instanceId, original, deadline);
    }
    launcher.carryAttributes(instanceId, original, deadline);
    progress.note("fulfilled: " + instanceId + " tagged, waiting for running");
    Watcher.InstanceEnd end = watcher.awaitRunning(instanceId, deadline);
    if (end instanceof Watcher.InstanceEnd.Running) {
      run.running();
      progress.note(instanceId + " is running");
      return reattacher.finish(instanceId, original.instanceId(), deadline, run,
          () -> run.finish(Outcome.REPLACED, launched.whenRunning(), launched.messageWhenRunning()));
    }
    if (end instanceof Watcher.InstanceEnd.Gone gone) {
      run.state(gone.state());
      return run.finish(Outcome.FAILED, new Reason.InstanceGone(Reason.InstanceGone.Which.REPLACEMENT, gone.state()),
          "the replacement " + instanceId + " went " + gone.state() + " before running");
    }
    run.state(((Watcher.InstanceEnd.OutOfTime) end).state());
    return run.finish(Outcome.PENDING, Reason.Code.INSTANCE_NOT_RUNNING_YET, instanceId
        + " is still " + run.state() + " at the time limit; a re-delivery resumes watching it");
  }
}
