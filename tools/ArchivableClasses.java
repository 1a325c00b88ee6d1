import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (run by Maven with the JDK's single-file launcher and ASM on the class path, before
 * packaging): copies a jar's classes into target/classes as class-file version 52 with computed
 * stack-map frames. picocli ships Java 5 class files (version 49), which JDK 17's class-data
 * sharing refuses ("Pre JDK 6 class not supported by CDS"), so every start parsed and verified its
 * ~170 classes with the old verifier; rewritten, they go into the launcher's archive like the rest.
 * The bytecode is unchanged: only the version and the frames the split verifier checks are new.
 *
 * <p>Usage: java -cp ASM_JAR tools/ArchivableClasses.java JAR CLASSES_DIR
 */
public final class ArchivableClasses {

  private ArchivableClasses() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java -cp ASM_JAR tools/ArchivableClasses.java JAR CLASSES_DIR");
    }
    Path jar = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    int rewritten = 0;
    // Frames need common superclasses, found among the jar's own classes and the JDK's.
    try (URLClassLoader hierarchy = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        Path target = classes.resolve(entry.getName());
        Files.createDirectories(target.getParent());
        Files.write(target, upgrade(in.readAllBytes(), hierarchy));
        rewritten++;
      }
    }
    System.out.println("ArchivableClasses: " + rewritten + " classes of " + jar.getFileName() + " as version 52");
  }

  static byte[] upgrade(byte[] original, ClassLoader hierarchy) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return hierarchy;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        super.visit(Math.max(version, Opcodes.V1_8), access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
