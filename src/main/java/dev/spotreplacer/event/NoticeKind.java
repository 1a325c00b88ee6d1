package dev.spotreplacer.event;

import java.util.Arrays;
import java.util.Optional;

/** The EventBridge detail-types this function understands. */
public enum NoticeKind {
  INTERRUPTION_WARNING("EC2 Spot Instance Interruption Warning"),
  REBALANCE_RECOMMENDATION("EC2 Instance Rebalance Recommendation"),
  STATE_CHANGE("EC2 Instance State-change Notification");

  private final String detailType;

  NoticeKind(String detailType) {
    this.detailType = detailType;
  }

  public String detailType() {
    return detailType;
  }

  static Optional<NoticeKind> ofDetailType(String detailType) {
    return Arrays.stream(values()).filter(k -> k.detailType.equals(detailType)).findFirst();
  }
}
