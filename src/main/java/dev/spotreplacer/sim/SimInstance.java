package dev.spotreplacer.sim;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An immutable snapshot of one emulated EC2 instance. */
public record SimInstance(
    String instanceId,
    String instanceType,
    String availabilityZone,
    String subnetId,
    String imageId,
    String lifecycle,
    String state,
    Map<String, String> tags,
    String spotInstanceRequestId,
    Instant launchTime) {

  public SimInstance {
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(state, "state == null");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }
}
