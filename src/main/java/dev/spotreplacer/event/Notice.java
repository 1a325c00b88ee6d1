package dev.spotreplacer.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated EventBridge notice about an instance.
 *
 * @param eventId the envelope's {@code id}; EventBridge re-deliveries keep it
 * @param state the new state, for state-change notices only (else null)
 */
public record Notice(
    NoticeKind kind,
    String eventId,
    String instanceId,
    InstanceAction action,
    String region,
    String account,
    Instant time,
    String state) {

  public Notice {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(region, "region == null");
    Objects.requireNonNull(account, "account == null");
    Objects.requireNonNull(time, "time == null");
  }

  public Optional<String> stateName() {
    return Optional.ofNullable(state);
  }
}
