package dev.spotreplacer.sim;

/**
 * EC2 reclaiming a spot instance on its own: {@code terminateAfterSeconds} (virtual) after the
 * emulator starts, the instance starts shutting down, as at the end of the two-minute warning.
 */
public record InterruptionSpec(String instanceId, int terminateAfterSeconds) {

  public static final int DEFAULT_SECONDS = 120;

  public InterruptionSpec {
    Scenario.requireText(instanceId, "instanceId");
    if (terminateAfterSeconds < 0) {
      throw new IllegalArgumentException("terminateAfterSeconds " + terminateAfterSeconds + " must be >= 0");
    }
  }
}
