package dev.spotreplacer.sim;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An immutable snapshot of one emulated spot instance request. */
public record SimSpotRequest(
    String spotInstanceRequestId,
    String state,
    String statusCode,
    String instanceId,
    String clientToken,
    String instanceType,
    String availabilityZone,
    String type,
    String spotPrice,
    Map<String, String> tags,
    Instant createTime) {

  public SimSpotRequest {
    Objects.requireNonNull(spotInstanceRequestId, "spotInstanceRequestId == null");
    Objects.requireNonNull(state, "state == null");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }
}
