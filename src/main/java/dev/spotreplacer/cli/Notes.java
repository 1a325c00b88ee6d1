package dev.spotreplacer.cli;

import java.io.PrintWriter;

/** What a run tells its user on stderr besides the result: nothing at all with --quiet. Errors are not notes. */
final class Notes {

  private final PrintWriter err;
  private final boolean quiet;

  Notes(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  void say(String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  boolean quiet() {
    return quiet;
  }
}
