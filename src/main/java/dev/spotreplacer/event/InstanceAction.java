package dev.spotreplacer.event;

import java.util.Locale;

/** What EC2 will do to the interrupted instance, from {@code detail.instance-action}. */
public enum InstanceAction {
  TERMINATE,
  STOP,
  HIBERNATE,
  /** Rebalance recommendations and state changes carry no action. */
  NONE;

  /** The value as EC2 spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
