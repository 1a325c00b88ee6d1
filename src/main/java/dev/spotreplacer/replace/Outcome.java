package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one invocation ended. */
public enum Outcome {
  /** A replacement is running (and, where asked, has what the old one had). */
  REPLACED,
  /** Nothing to do, on purpose: the reason says why. No mutating call was made for it. */
  SKIPPED,
  /** No replacement could be had; the reason says why and what to do. */
  FAILED,
  /** A replacement was requested but is not running yet; a re-delivery resumes watching it. */
  PENDING,
  /** DryRun: EC2 said the request would have succeeded; nothing was launched. */
  DRY_RUN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
