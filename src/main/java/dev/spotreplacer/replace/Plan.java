package dev.spotreplacer.replace;

import java.util.Objects;

/**
 * What a replacement needs after the interrupted instance is gone, captured while it still ran: its
 * launch spec (the data of launch template {@code templateName}) and the handover plan (the
 * template's tags). EC2 strips a terminated instance of its subnet, security groups and profile, so
 * a later invocation launches and hands over from this, never from what EC2 still shows.
 */
record Plan(String templateId, String templateName, Original original, Carryover carryover) {

  Plan {
    Objects.requireNonNull(templateId, "templateId == null");
    Objects.requireNonNull(original, "original == null");
    Objects.requireNonNull(carryover, "carryover == null");
  }
}
