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
 * <p>Usage: java tools/TrimEc2.java EC2_JAR CLASSES_DIR
 */
public final class TrimEc2 {

  private static final String ROOT = "software/amazon/awssdk/services/ec2/";
  private static final Pattern NAME = Pattern.compile(ROOT.replace("/", "\\/") + "[A-Za-z0-9_/$]+");
  private static final Pattern REQUEST = Pattern.compile(ROOT + "model/[A-Za-z0-9]+Request\\.class");
  private static final Pattern PER_OPERATION = Pattern.compile(ROOT
      + "(model/[A-Za-z0-9]+(Request|Response)([$;]|$)|transform/[A-Z]|paginators/|waiters/)");
  private static final Set<String> DISPATCH = Set.of(ROOT + "Ec2Client.class", ROOT + "DefaultEc2Client.class",
      ROOT + "Ec2AsyncClient.class", ROOT + "DefaultEc2AsyncClient.class");

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
