package dev.spotreplacer.bench;

/** The union of possibly overlapping intervals, kept as a running total (calls from several threads). */
final class InFlight {

  private int open;
  private long since;
  private long busy;

  synchronized long begin() {
    long now = System.nanoTime();
    if (open++ == 0) {
      since = now;
    }
    return now;
  }

  synchronized long end() {
    long now = System.nanoTime();
    if (--open == 0) {
      busy += now - since;
    }
    return now;
  }

  synchronized long busyNanos() {
    return busy;
  }

  synchronized void reset() {
    open = 0;
    busy = 0;
  }
}
