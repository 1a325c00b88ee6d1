package dev.spotreplacer.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The size of what {@code sam build} deploys: target/classes and the runtime dependencies it
 * copies to lib/ (the build copies the same set to target/sam-lib), zipped as SAM uploads them.
 */
final class Artifact {

  /** Zipped and unzipped bytes. */
  record Size(long zipped, long unzipped) {}

  private Artifact() {}

  static Size samZip(Path classes, Path lib) throws IOException {
    CountingStream counter = new CountingStream();
    long unzipped = 0;
    try (ZipOutputStream zip = new ZipOutputStream(counter)) {
      unzipped += add(zip, classes, "");
      if (Files.isDirectory(lib)) {
        unzipped += add(zip, lib, "lib/");
      }
    }
    return new Size(counter.count, unzipped);
  }

  private static long add(ZipOutputStream zip, Path root, String prefix) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long bytes = 0;
    for (Path file : files) {
      zip.putNextEntry(new ZipEntry(prefix + root.relativize(file).toString().replace('\\', '/')));
      try {
        bytes += Files.copy(file, zip);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      zip.closeEntry();
    }
    return bytes;
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
