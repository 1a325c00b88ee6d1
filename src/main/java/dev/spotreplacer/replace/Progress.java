package dev.spotreplacer.replace;

/** Hears what the orchestrator is doing, for the local runner's progress lines. */
@FunctionalInterface
public interface Progress {

  void note(String line);

  static Progress silent() {
    return line -> {};
  }
}
