package dev.spotreplacer.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an event file, with one-line errors a user can act on (exit 2), not the JDK's exception names. */
final class EventFiles {

  private EventFiles() {}

  /** {@code label} is the flag that named the file, or null for invoke's positional EVENT.json. */
  static byte[] read(Path file, String label) throws IOException {
    String name = (label == null ? "" : label + " ") + file;
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(name + ": is a directory; name an event file such as"
          + " events/spot-interruption-warning.json");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(name + ": no such file (samples are in events/)", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(name + ": not readable (permission denied)", e);
    }
  }
}
