package dev.spotreplacer.replace;

import dev.spotreplacer.event.Notice;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Handles "EC2 Instance State-change Notification": when an interrupted instance reaches
 * {@code terminated}, its volumes become free, so the handover its replacement was waiting for is
 * finished here. Never launches anything: without a replacement made for the instance it stops.
 */
final class FollowUp {

  private final Replacements replacements;
  private final Plans plans;
  private final Watcher watcher;
  private final Reattacher reattacher;
  private final Progress progress;

  FollowUp(Replacements replacements, Plans plans, Watcher watcher, Reattacher reattacher, Progress progress) {
    this.replacements = replacements;
    this.plans = plans;
    this.watcher = watcher;
    this.reattacher = reattacher;
    this.progress = progress;
  }

  Result finish(Notice notice, Instant deadline, Run run) throws InterruptedException {
    String oldId = notice.instanceId();
    String state = notice.stateName().orElse("unknown");
    if (!"terminated".equals(state)) {
      return skip(run, Reason.Code.STATE_NOT_HANDLED, "'" + notice.kind().detailType() + "' (" + state + ") for " + oldId
          + " is not acted on: only 'terminated' finishes a handover");
    }
    Optional<Replacements.Existing> found = replacements.find(oldId);
    if (found.isEmpty()) {
      return skip(run, Reason.Code.NO_REPLACEMENT, oldId + " terminated; spot-replacer made no replacement for it:"
          + " nothing to finish");
    }
    Replacements.Existing existing = found.get();
    // The plan holds the handover whichever call launched; a request's tags only for spot requests.
    Optional<Plan> plan = plans.find(oldId);
    plan.ifPresent(run::plan);
    Carryover carry = plan.map(Plan::carryover)
        .or(() -> Carryover.fromRequestTags(existing.tags())).orElse(Carryover.NONE);
    run.resumed(existing.spotRequestId());
    run.chose(existing.instanceType(), existing.availabilityZone());
    run.carryover(carry);
    if (carry.isEmpty()) {
      return skip(run, Reason.Code.NOTHING_TO_HAND_OVER, oldId + " terminated; its replacement ("
          + (existing.hasInstance() ? existing.instanceId() : "request " + existing.spotRequestId())
          + ") takes over no Elastic IP or volume: nothing to finish");
    }
    if (!existing.hasInstance()) {
      run.state(existing.state());
      return skip(run, Reason.Code.REPLACEMENT_NOT_LAUNCHED, oldId + " terminated before its replacement (request "
          + existing.spotRequestId() + ") launched; the interruption warning's retry watches it and hands over");
    }
    String newId = existing.instanceId();
    run.fulfilled(newId);
    progress.note(oldId + " terminated: handing over to " + newId);
    Optional<Instance> instance = watcher.describeInstance(newId);
    String now = instance.map(i -> i.state().nameAsString()).orElse("pending");
    if (!"running".equals(now)) {
      Watcher.InstanceEnd end = watcher.awaitRunning(newId, deadline);
      if (end instanceof Watcher.InstanceEnd.Gone gone) {
        run.state(gone.state());
        return run.finish(Outcome.FAILED,
            new Reason.InstanceGone(Reason.InstanceGone.Which.REPLACEMENT, gone.state()), "the replacement " + newId
            + " went " + gone.state() + " before running; its Elastic IP and volumes stay where they are");
      }
      if (end instanceof Watcher.InstanceEnd.OutOfTime out) {
        run.state(out.state());
        return run.finish(Outcome.PENDING, Reason.Code.INSTANCE_NOT_RUNNING_YET, newId + " is still " + out.state()
            + " at the time limit; a retry hands over once it runs");
      }
    }
    run.running();
    return reattacher.finish(newId, oldId, deadline, run, () -> run.finish(Outcome.SKIPPED, Reason.Code.ALREADY_REPLACED,
        newId + " already replaces " + oldId + " and holds what it took over"));
  }

  private Result skip(Run run, Reason reason, String message) {
    progress.note("skipped: " + message);
    return run.finish(Outcome.SKIPPED, reason, message);
  }
}
