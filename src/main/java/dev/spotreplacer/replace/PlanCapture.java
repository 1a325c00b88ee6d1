package dev.spotreplacer.replace;

/**
 * Captures the launch plan just before the first launch call, so every later invocation finds it
 * whichever call launches; not earlier, so that a run that launches nothing makes no mutating call.
 */
final class PlanCapture {

  private final Plans plans;
  private final Settings settings;

  PlanCapture(Plans plans, Settings settings) {
    this.plans = plans;
    this.settings = settings;
  }

  void ensure(Original original, Run run) {
    if (run.plan() == null && !settings.dryRun()) {
      run.plan(plans.capture(original, run.carryover()));
    }
  }
}
