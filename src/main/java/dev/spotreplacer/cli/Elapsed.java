package dev.spotreplacer.cli;

import java.time.Clock;

/** Prefixes progress lines with the time since the run started, "[  12.3s] ...", on the run's clock. */
final class Elapsed {

  private final Clock clock;
  private final long start;

  Elapsed(Clock clock) {
    this.clock = clock;
    this.start = clock.millis();
  }

  String stamp(String line) {
    return "[" + InvokeCommand.elapsed(clock.millis() - start) + "s] " + line;
  }
}
