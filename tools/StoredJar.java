import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step (run by Maven with the JDK's single-file launcher, after the shade plugin): rewrites a
 * jar with every entry stored, not deflated, in the same order. A class loaded from a stored entry
 * is read as it lies in the file, without an inflater: the runner's plain {@code java -jar} start
 * loads some 1,850 classes from this jar (README "Performance"). The jar grows from 16 to 43 MB;
 * what sam build deploys is not this jar.
 *
 * <p>Usage: java tools/StoredJar.java JAR
 */
public final class StoredJar {

  private StoredJar() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: java tools/StoredJar.java JAR");
    }
    Path jar = Path.of(args[0]);
    Path stored = jar.resolveSibling(jar.getFileName() + ".stored");
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stored))) {
      out.setMethod(ZipOutputStream.STORED);
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setMethod(ZipEntry.STORED);
        copy.setTime(entry.getTime());
        copy.setSize(bytes.length);
        copy.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        copy.setCrc(crc.getValue());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
        entries++;
      }
    }
    Files.move(stored, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("StoredJar: " + entries + " entries of " + jar.getFileName() + " stored, "
        + Files.size(jar) + " bytes");
  }
}
