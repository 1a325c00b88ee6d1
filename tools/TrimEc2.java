import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Build step (run by Maven with the JDK's single-file launcher, before packaging): copies into
 * target/classes only the part of the AWS SDK's 24 MB ec2 jar that this project can reach, so the
 * deployed artifact stays small. The ec2 dependency is "provided", so neither the shaded jar nor
 * sam build's lib/ carries the full jar.
 *
 * <p>What is kept: every class outside the model, transform, paginators and waiters packages (client,
 * builders, endpoint rules, auth); in those packages, what the project's classes name and, from
 * there, every class those name in turn (names are found in the class files' constant pools,
 * descriptors included, so the closure errs on the side of keeping). The client classes themselves
 * name all ~750 operations: their references are followed only for operations already kept (the
 * request's marshaller), and every request class is kept as a bare stub of one class, because
 * the bytecode verifier loads each request type when it checks DefaultEc2Client.
 *
 * <p>Usage: java -cp ASM_JARS tools/TrimEc2.java EC2_JAR CLASSES_DIR
 */
public final class TrimEc2 {

  private static final String ROOT = "software/amazon/awssdk/services/ec2/";
  private static final Pattern NAME = Pattern.compile(ROOT.replace("/", "\\/") + "[A-Za-z0-9_/$]+");
  private static final Pattern REQUEST = Pattern.compile(ROOT + "model/[A-Za-z0-9]+Request\\.class");
  private static final Pattern PER_OPERATION = Pattern.compile(ROOT
      + "(model/[A-Za-z0-9]+(Request|Response)([$;]|$)|transform/[A-Z]|paginators/|waiters/)");
  private static final Set<String> DISPATCH = Set.of(ROOT + "Ec2Client.class", ROOT + "DefaultEc2Client.class",
      ROOT + "Ec2AsyncClient.class", ROOT + "DefaultEc2AsyncClient.class");

  /** A type in a signature that belongs to one operation: its request, its response, its paginator. */
  private static final Pattern OPERATION_TYPE = Pattern.compile("L" + Pattern.quote(ROOT)
      + "(?:model/([A-Za-z0-9]+)(?:Request|Response)|paginators/([A-Za-z0-9]+)Iterable);");

  /** Never used by a synchronous client, and 3 MB. */
  private static final Set<String> ASYNC = Set.of(ROOT + "Ec2AsyncClient.class", ROOT + "DefaultEc2AsyncClient.class");

  private TrimEc2() {}

  /**
   * A class with a name and a superclass and nothing else: all the verifier needs to check that a
   * request of an operation the project never calls is an SdkRequest. Nothing can construct it.
   */
  static byte[] stub(String name, String superName) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0);
    out.writeShort(52);
    out.writeShort(5);
    out.writeByte(7);
    out.writeShort(2);
    out.writeByte(1);
    out.writeUTF(name);
    out.writeByte(7);
    out.writeShort(4);
    out.writeByte(1);
    out.writeUTF(superName);
    out.writeShort(0x0001 | 0x0010 | 0x0020);
    out.writeShort(1);
    out.writeShort(3);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(0);
    out.flush();
    return bytes.toByteArray();
  }

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    Map<String, byte[]> entries = read(jar);

    Set<String> kept = new HashSet<>();
    Deque<byte[]> toScan = new ArrayDeque<>();
    Deque<byte[]> dispatch = new ArrayDeque<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      String name = e.getKey();
      if (!trimmable(name) || REQUEST.matcher(name).matches()) {
        kept.add(name);
        if (DISPATCH.contains(name)) {
          dispatch.add(e.getValue());
        } else if (!trimmable(name) && name.endsWith(".class")) {
          toScan.add(e.getValue());
        }
      }
    }
    try (Stream<Path> own = Files.walk(classes)) {
      own.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("software/amazon/awssdk"))
          .forEach(p -> toScan.add(readAll(p)));
    }
    Set<String> scanned = new HashSet<>(DISPATCH);
    // The clients' own plumbing (exceptions, interceptors, endpoint rules), not their operations.
    for (byte[] client : dispatch) {
      Matcher m = NAME.matcher(new String(client, StandardCharsets.ISO_8859_1));
      while (m.find()) {
        if (!PER_OPERATION.matcher(m.group()).lookingAt()) {
          toScan.add(m.group().getBytes(StandardCharsets.ISO_8859_1));
        }
      }
    }
    while (!toScan.isEmpty()) {
      Matcher m = NAME.matcher(new String(toScan.pop(), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        for (String name : candidates(m.group())) {
          if (entries.containsKey(name) && scanned.add(name)) {
            kept.add(name);
            toScan.add(entries.get(name));
            if (REQUEST.matcher(name).matches()) {
              String marshaller = name.replace("/model/", "/transform/").replace(".class", "Marshaller.class");
              if (entries.containsKey(marshaller) && scanned.add(marshaller)) {
                kept.add(marshaller);
                toScan.add(entries.get(marshaller));
              }
            }
          }
        }
      }
    }

    long bytes = 0;
    int stubs = 0;
    for (String name : kept) {
      if (name.startsWith("META-INF/") || ASYNC.contains(name)) {
        continue;
      }
      byte[] content = entries.get(name);
      if (DISPATCH.contains(name)) {
        int before = content.length;
        content = withoutOperations(content, scanned);
        System.out.printf("TrimEc2: %s without the operations never called, %d -> %d bytes%n",
            name.substring(ROOT.length()), before, content.length);
      }
      if (REQUEST.matcher(name).matches() && !scanned.contains(name)) {
        content = stub(name.substring(0, name.length() - ".class".length()), ROOT + "model/Ec2Request");
        stubs++;
      }
      Path target = classes.resolve(name);
      Files.createDirectories(target.getParent());
      Files.write(target, content);
      bytes += content.length;
    }
    System.out.printf("TrimEc2: %d request classes of operations never called are stubs%n", stubs);
    System.out.printf("TrimEc2: kept %d of %d ec2 classes, %.1f of %.1f MB%n", kept.size(), entries.size(),
        bytes / 1e6, entries.values().stream().mapToLong(b -> b.length).sum() / 1e6);
  }

  /**
   * The client class without the methods of operations never called (their signatures name a
   * request class that is only a stub), and without the lambda bodies only those methods used.
   * Verifying the whole of DefaultEc2Client loaded a stub request class for each of ~750
   * operations on every start without a CDS archive; an operation never called cannot reach the
   * methods removed, and the interface's default methods stay wherever a call is kept.
   */
  static byte[] withoutOperations(byte[] client, Set<String> called) {
    ClassNode node = new ClassNode();
    new ClassReader(client).accept(node, 0);
    node.methods.removeIf(m -> namesUncalledOperation(m.desc, called));
    // Drop private synthetic methods (lambda bodies) that no remaining method refers to, until none is left.
    for (boolean removed = true; removed; ) {
      Set<String> used = new HashSet<>();
      for (MethodNode m : node.methods) {
        for (AbstractInsnNode insn : m.instructions) {
          if (insn instanceof MethodInsnNode call && call.owner.equals(node.name)) {
            used.add(call.name + call.desc);
          } else if (insn instanceof InvokeDynamicInsnNode indy) {
            for (Object arg : indy.bsmArgs) {
              if (arg instanceof Handle handle && handle.getOwner().equals(node.name)) {
                used.add(handle.getName() + handle.getDesc());
              }
            }
          }
        }
      }
      removed = node.methods.removeIf(m -> (m.access & Opcodes.ACC_SYNTHETIC) != 0
          && (m.access & Opcodes.ACC_PRIVATE) != 0 && !used.contains(m.name + m.desc));
    }
    ClassWriter writer = new ClassWriter(0);
    node.accept(writer);
    return writer.toByteArray();
  }

  /** Whether a signature names the request, response or paginator of an operation never called. */
  private static boolean namesUncalledOperation(String descriptor, Set<String> called) {
    Matcher m = OPERATION_TYPE.matcher(descriptor);
    while (m.find()) {
      String operation = m.group(1) != null ? m.group(1) : m.group(2);
      if (!called.contains(ROOT + "model/" + operation + "Request.class")) {
        return true;
      }
    }
    return false;
  }

  /** In these packages a class is kept only if something kept names it. */
  private static boolean trimmable(String name) {
    return name.startsWith(ROOT + "model/") || name.startsWith(ROOT + "paginators/")
        || name.startsWith(ROOT + "waiters/")
        || (name.startsWith(ROOT + "transform/") && !name.startsWith(ROOT + "transform/internal/"));
  }

  /** A name as found may run into the next constant (no terminator in a bare class name). */
  private static Set<String> candidates(String found) {
    Set<String> names = new HashSet<>();
    names.add(found + ".class");
    for (int i = found.length() - 1; i > ROOT.length(); i--) {
      names.add(found.substring(0, i) + ".class");
    }
    return names;
  }

  private static Map<String, byte[]> read(Path jar) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), zip.readAllBytes());
        }
      }
    }
    return entries;
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
