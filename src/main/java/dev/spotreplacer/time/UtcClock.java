package dev.spotreplacer.time;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock fixed to UTC: EC2 and EventBridge speak UTC, and so do the virtual clocks. */
abstract class UtcClock extends Clock {

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " runs in UTC only");
    }
    return this;
  }
}
