import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Build step (run by Maven with the JDK's single-file launcher and ASM, after the SDK's classes are
 * unpacked into target/classes): keeps only the named services in the SDK's table of service
 * metadata. Building any client resolves its signing region through {@code ServiceMetadata.of},
 * whose provider fills its table with one instance of each of the ~320 services' metadata classes:
 * 316 classes loaded and initialised per cold start (about 0.2 s without an archive) for the two
 * this function uses. A service left out still works: {@code ServiceMetadata.of} answers it with
 * the SDK's default metadata.
 *
 * <p>Usage: java -cp ASM_JARS tools/KnownServices.java CLASSES_DIR SERVICE[,SERVICE...]
 */
public final class KnownServices {

  private static final String PROVIDER = "software/amazon/awssdk/regions/GeneratedServiceMetadataProvider";

  private KnownServices() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java -cp ASM_JARS tools/KnownServices.java CLASSES_DIR SERVICE[,SERVICE...]");
    }
    Path file = Path.of(args[0]).resolve(PROVIDER + ".class");
    Set<String> keep = new LinkedHashSet<>(List.of(args[1].split(",")));
    ClassNode node = new ClassNode();
    new ClassReader(Files.readAllBytes(file)).accept(node, 0);
    MethodNode clinit = node.methods.stream().filter(m -> m.name.equals("<clinit>")).findFirst()
        .orElseThrow(() -> new IllegalStateException(PROVIDER + " has no static initialiser: has the SDK changed?"));

    Set<String> found = new LinkedHashSet<>();
    int dropped = 0;
    // Each entry is: ldc "name"; new X; dup; invokespecial X.<init>()V; invokevirtual Builder.put: neutral on the stack.
    for (AbstractInsnNode insn = clinit.instructions.getFirst(); insn != null; ) {
      List<AbstractInsnNode> entry = entry(insn);
      if (entry == null) {
        insn = insn.getNext();
        continue;
      }
      String service = (String) ((LdcInsnNode) insn).cst;
      insn = entry.get(entry.size() - 1).getNext();
      if (keep.contains(service)) {
        found.add(service);
      } else {
        entry.forEach(clinit.instructions::remove);
        dropped++;
      }
    }
    if (!found.equals(keep)) {
      Set<String> missing = new LinkedHashSet<>(keep);
      missing.removeAll(found);
      throw new IllegalStateException("no service metadata for " + missing + " in " + PROVIDER
          + ": check the endpoint prefixes given to tools/KnownServices.java");
    }
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    node.accept(writer);
    Files.write(file, writer.toByteArray());
    System.out.println("KnownServices: service metadata for " + found + ", " + dropped + " others left to the default");
  }

  /** The first node from here on that is an instruction, not a label, line number or frame. */
  private static AbstractInsnNode real(AbstractInsnNode node) {
    while (node != null && node.getOpcode() < 0) {
      node = node.getNext();
    }
    return node;
  }

  /**
   * The five instructions of one table entry starting at insn, or null if none starts there. Labels
   * and line numbers between them stay where they are.
   */
  private static List<AbstractInsnNode> entry(AbstractInsnNode insn) {
    List<AbstractInsnNode> entry = new ArrayList<>();
    AbstractInsnNode at = insn;
    if (!(at instanceof LdcInsnNode ldc && ldc.cst instanceof String)) {
      return null;
    }
    entry.add(at);
    at = real(at.getNext());
    if (!(at instanceof TypeInsnNode created && created.getOpcode() == Opcodes.NEW)) {
      return null;
    }
    entry.add(at);
    at = real(at.getNext());
    if (!(at instanceof InsnNode dup && dup.getOpcode() == Opcodes.DUP)) {
      return null;
    }
    entry.add(at);
    at = real(at.getNext());
    if (!(at instanceof MethodInsnNode init && init.name.equals("<init>") && init.desc.equals("()V")
        && init.owner.equals(created.desc))) {
      return null;
    }
    entry.add(at);
    at = real(at.getNext());
    if (!(at instanceof MethodInsnNode put && put.name.equals("put"))) {
      return null;
    }
    entry.add(at);
    return entry;
  }
}
