import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Build step (run by Maven with the JDK's single-file launcher and ASM, before packaging): turns the
 * lambda and method-reference sites of the classes in target/classes into ordinary classes made at
 * build time, as Android's desugaring does. At run time each such site otherwise spins a hidden
 * class through LambdaMetafactory, some 0.25 ms apiece in a cold JVM; the SDK's model classes hold
 * a getter and a setter per member (Instance alone 144), and a cold `invoke` spun 2,000 of them.
 * Here every site of one class that implements the same interface becomes a case of one generated
 * class ({@code Host$$PrebuiltN}), so a class with 144 sites loads two classes instead; the sites of
 * java.util.function's Function, Supplier, Consumer and the like share one class per host (see
 * {@link #SHAREABLE}), which saved a cold {@code invoke} some 200 more classes.
 *
 * <p>A site is rewritten only when the plain LambdaMetafactory made it (not serializable, no
 * bridges or marker interfaces), and the generated class may call its target: public, or in the
 * same package, or private in the host's nest (the generated class joins it; a host older than
 * class-file version 55, which has no nests, becomes version 55). Everything else, and every
 * conversion beyond casting, boxing and unboxing, keeps its invokedynamic. Non-capturing sites keep
 * one instance each, as the JDK's do.
 *
 * <p>Usage: java -cp ASM_JARS tools/PrebuiltLambdas.java CLASSES_DIR CLASSPATH
 */
public final class PrebuiltLambdas {

  private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";

  /**
   * The interfaces whose sites in one host share a single generated class. An object of that class
   * answers {@code instanceof} true for each of them, where a JDK lambda implements one: harmless
   * only for interfaces nobody tests that way. None of the deployed classes nor their libraries
   * does for these (the JDK itself only in jshell's line editor), and the tool drops any that one
   * of the classes it rewrites tests with an instanceof instruction, itself or through an interface
   * it extends. (Class.isInstance and pattern switches would escape that check; none of these
   * classes uses them on these interfaces.) No two of them declare a method with the same name and
   * descriptor but different meaning, so one class can implement them all.
   */
  private static final Set<String> SHAREABLE = Set.of("java/util/function/Function", "java/util/function/Supplier",
      "java/util/function/Consumer", "java/util/function/BiConsumer", "java/util/function/Predicate",
      "java/util/function/BiFunction", "java/util/function/BinaryOperator", "java/util/function/UnaryOperator");

  private final Path classes;
  private final ClassLoader lookup;
  private final Map<String, ClassNode> own = new LinkedHashMap<>();
  private final Map<String, ClassNode> others = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private final Map<String, byte[]> generated = new LinkedHashMap<>();
  private final Set<String> testedWithInstanceof = new HashSet<>();

  private PrebuiltLambdas(Path classes, ClassLoader lookup) {
    this.classes = classes;
    this.lookup = lookup;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java -cp ASM_JARS tools/PrebuiltLambdas.java CLASSES_DIR CLASSPATH");
    }
    Path classes = Path.of(args[0]);
    List<URL> path = new ArrayList<>();
    path.add(classes.toUri().toURL());
    for (String entry : args[1].split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        path.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader lookup = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      PrebuiltLambdas tool = new PrebuiltLambdas(classes, lookup);
      tool.readOwn();
      int[] counts = tool.rewriteAll();
      tool.write();
      System.out.println("PrebuiltLambdas: " + counts[0] + " lambda sites in " + tool.changed.size()
          + " classes now use " + tool.generated.size() + " prebuilt classes; " + counts[1] + " left to the JDK");
    }
  }

  private void readOwn() throws IOException {
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        ClassNode node = new ClassNode();
        new ClassReader(Files.readAllBytes(file)).accept(node, 0);
        own.put(node.name, node);
        for (MethodNode method : node.methods) {
          for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof TypeInsnNode type && type.getOpcode() == Opcodes.INSTANCEOF) {
              testedWithInstanceof.add(type.desc);
            }
          }
        }
      }
    }
  }

  /** Returns {rewritten sites, sites left as they were}. */
  private int[] rewriteAll() {
    int rewritten = 0;
    int left = 0;
    for (ClassNode host : List.copyOf(own.values())) {
      Map<String, List<Site>> byInterface = new LinkedHashMap<>();
      for (MethodNode method : host.methods) {
        for (AbstractInsnNode insn : method.instructions) {
          if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals(METAFACTORY)) {
            Site site = site(host, method, indy);
            if (site == null) {
              left++;
            } else {
              byInterface.computeIfAbsent(shareable(site.iface) ? "shared" : site.key(), k -> new ArrayList<>())
                  .add(site);
            }
          }
        }
      }
      int n = 0;
      for (List<Site> sites : byInterface.values()) {
        // The same name on every build: a later build overwrites what an earlier one generated.
        String name = host.name + "$$Prebuilt" + (++n);
        generate(host, name, sites);
        for (int i = 0; i < sites.size(); i++) {
          Site s = sites.get(i);
          s.method.instructions.set(s.indy,
              new MethodInsnNode(Opcodes.INVOKESTATIC, name, "site" + i, s.indy.desc, false));
        }
        rewritten += sites.size();
        changed.add(host.name);
      }
    }
    return new int[] {rewritten, left};
  }

  /** Shareable unless a rewritten class tests it, or an interface it extends, with instanceof. */
  private boolean shareable(String iface) {
    return SHAREABLE.contains(iface) && !testedSelfOrSuper(iface);
  }

  private boolean testedSelfOrSuper(String iface) {
    if (testedWithInstanceof.contains(iface)) {
      return true;
    }
    ClassNode node = node(iface);
    return node != null && node.interfaces.stream().anyMatch(this::testedSelfOrSuper);
  }

  /** One lambda site the generated class can stand in for, or null when it must stay as it is. */
  private Site site(ClassNode host, MethodNode method, InvokeDynamicInsnNode indy) {
    if (!indy.bsm.getName().equals("metafactory") || indy.bsmArgs.length != 3) {
      return null;
    }
    Type sam = (Type) indy.bsmArgs[0];
    Handle impl = (Handle) indy.bsmArgs[1];
    Type instantiated = (Type) indy.bsmArgs[2];
    Type factory = Type.getMethodType(indy.desc);
    String iface = factory.getReturnType().getInternalName();
    if (!classAccessible(host, iface) || !implAccessible(host, impl)) {
      return null;
    }
    Site site = new Site(host, method, indy, iface, sam, impl, instantiated, factory.getArgumentTypes());
    // A dry run of the code generation finds conversions this tool does not make.
    return site.emit(null) ? site : null;
  }

  private boolean classAccessible(ClassNode host, String name) {
    ClassNode node = node(name);
    return node != null && ((node.access & Opcodes.ACC_PUBLIC) != 0 || samePackage(host.name, name));
  }

  private boolean implAccessible(ClassNode host, Handle impl) {
    if (!classAccessible(host, impl.getOwner()) && !sameNest(host, impl.getOwner())) {
      return false;
    }
    ClassNode declaring = declaring(impl.getOwner(), impl.getName(), impl.getDesc());
    if (declaring == null) {
      return false;
    }
    int access = method(declaring, impl.getName(), impl.getDesc()).access;
    if ((access & Opcodes.ACC_PRIVATE) != 0) {
      // Nestmates may call each other's private members from class-file version 55 (Java 11) on. An
      // older host (the SDK's are version 52) calls only its own, and is raised to 55 for it: no
      // instruction means anything else at 55, and an older class is alone in its nest.
      if (!sameNest(host, declaring.name) || !own.containsKey(nestHost(host))) {
        return false;
      }
      if (declaring.version < Opcodes.V11) {
        if (declaring != host) {
          return false;
        }
        host.version = Opcodes.V11;
      }
      return host.version >= Opcodes.V11;
    }
    if (impl.getTag() == Opcodes.H_INVOKESPECIAL) {
      return false; // super::method: only the host itself may make that call
    }
    return (access & Opcodes.ACC_PUBLIC) != 0 || samePackage(host.name, declaring.name);
  }

  private ClassNode declaring(String owner, String name, String desc) {
    ClassNode node = node(owner);
    if (node == null) {
      return null;
    }
    if (method(node, name, desc) != null) {
      return node;
    }
    if (name.equals("<init>")) {
      return null;
    }
    List<String> supers = new ArrayList<>(node.interfaces);
    if (node.superName != null) {
      supers.add(0, node.superName);
    }
    for (String s : supers) {
      ClassNode found = declaring(s, name, desc);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static MethodNode method(ClassNode node, String name, String desc) {
    for (MethodNode m : node.methods) {
      if (m.name.equals(name) && m.desc.equals(desc)) {
        return m;
      }
    }
    return null;
  }

  private ClassNode node(String name) {
    ClassNode node = own.get(name);
    if (node != null) {
      return node;
    }
    return others.computeIfAbsent(name, n -> {
      try (InputStream in = lookup.getResourceAsStream(n + ".class")) {
        if (in == null) {
          return null;
        }
        ClassNode read = new ClassNode();
        new ClassReader(in.readAllBytes()).accept(read, ClassReader.SKIP_CODE);
        return read;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private String nestHost(ClassNode node) {
    return node.nestHostClass != null ? node.nestHostClass : node.name;
  }

  private boolean sameNest(ClassNode host, String other) {
    ClassNode node = node(other);
    return node != null && nestHost(node).equals(nestHost(host));
  }

  private static boolean samePackage(String a, String b) {
    return a.substring(0, Math.max(0, a.lastIndexOf('/'))).equals(b.substring(0, Math.max(0, b.lastIndexOf('/'))));
  }

  /** Writes the class that implements these sites' interfaces (one, or several shareable ones) for the host. */
  private void generate(ClassNode host, String name, List<Site> sites) {
    List<String> interfaces = sites.stream().map(Site::iface).distinct().toList();
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String a, String b) {
        return "java/lang/Object"; // each case returns on its own: no two branches' frames merge
      }
    };
    cw.visit(host.version, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, name, null,
        "java/lang/Object", interfaces.toArray(String[]::new));
    ClassNode nestHost = own.get(nestHost(host));
    if (host.version >= Opcodes.V11 && nestHost != null) {
      // In the host's nest, so that it may call the host's private lambda bodies.
      cw.visitNestHost(nestHost.name);
      if (nestHost.nestMembers == null) {
        nestHost.nestMembers = new ArrayList<>();
      }
      if (!nestHost.nestMembers.contains(name)) {
        nestHost.nestMembers.add(name);
      }
      changed.add(nestHost.name);
    }
    cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "site", "I", null, null).visitEnd();
    cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "captured", "[Ljava/lang/Object;", null, null).visitEnd();

    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PRIVATE, "<init>", "(I[Ljava/lang/Object;)V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitVarInsn(Opcodes.ILOAD, 1);
    init.visitFieldInsn(Opcodes.PUTFIELD, name, "site", "I");
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitVarInsn(Opcodes.ALOAD, 2);
    init.visitFieldInsn(Opcodes.PUTFIELD, name, "captured", "[Ljava/lang/Object;");
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
    clinit.visitCode();
    for (int i = 0; i < sites.size(); i++) {
      Site s = sites.get(i);
      String factoryDesc = s.indy.desc;
      MethodVisitor f = cw.visitMethod(Opcodes.ACC_STATIC, "site" + i, factoryDesc, null, null);
      f.visitCode();
      if (s.captured.length == 0) {
        // One instance per site, as LambdaMetafactory gives a non-capturing lambda.
        String field = "instance" + i;
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, field, "L" + name + ";", null, null)
            .visitEnd();
        newInstance(clinit, name, i, List.of(), 0);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, name, field, "L" + name + ";");
        f.visitFieldInsn(Opcodes.GETSTATIC, name, field, "L" + name + ";");
      } else {
        newInstance(f, name, i, List.of(s.captured), 0);
      }
      f.visitInsn(Opcodes.ARETURN);
      f.visitMaxs(0, 0);
      f.visitEnd();
    }
    clinit.visitInsn(Opcodes.RETURN);
    clinit.visitMaxs(0, 0);
    clinit.visitEnd();

    // One method per interface method; each switches on the site, over the sites that use it.
    List<String> methods = sites.stream().map(site -> site.indy.name + site.sam.getDescriptor()).distinct().toList();
    for (String method : methods) {
      Site some = sites.stream().filter(site -> (site.indy.name + site.sam.getDescriptor()).equals(method))
          .findFirst().orElseThrow();
      MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, some.indy.name, some.sam.getDescriptor(), null, null);
      m.visitCode();
      m.visitVarInsn(Opcodes.ALOAD, 0);
      m.visitFieldInsn(Opcodes.GETFIELD, name, "site", "I");
      Label unknown = new Label();
      Label[] cases = new Label[sites.size()];
      for (int i = 0; i < cases.length; i++) {
        boolean mine = (sites.get(i).indy.name + sites.get(i).sam.getDescriptor()).equals(method);
        cases[i] = mine ? new Label() : unknown;
      }
      m.visitTableSwitchInsn(0, cases.length - 1, unknown, cases);
      for (int i = 0; i < cases.length; i++) {
        if (cases[i] != unknown) {
          m.visitLabel(cases[i]);
          sites.get(i).emit(new Emitter(m, name));
        }
      }
      m.visitLabel(unknown);
      m.visitTypeInsn(Opcodes.NEW, "java/lang/AssertionError");
      m.visitInsn(Opcodes.DUP);
      m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/AssertionError", "<init>", "()V", false);
      m.visitInsn(Opcodes.ATHROW);
      m.visitMaxs(0, 0);
      m.visitEnd();
    }
    cw.visitEnd();
    generated.put(name, cw.toByteArray());
  }

  /** new NAME(site, new Object[] {captured values, boxed}) from the locals starting at slot. */
  private static void newInstance(MethodVisitor mv, String name, int site, List<Type> captured, int slot) {
    mv.visitTypeInsn(Opcodes.NEW, name);
    mv.visitInsn(Opcodes.DUP);
    mv.visitLdcInsn(site);
    if (captured.isEmpty()) {
      mv.visitInsn(Opcodes.ACONST_NULL);
    } else {
      mv.visitLdcInsn(captured.size());
      mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
      for (int i = 0; i < captured.size(); i++) {
        Type t = captured.get(i);
        mv.visitInsn(Opcodes.DUP);
        mv.visitLdcInsn(i);
        mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
        slot += t.getSize();
        Convert.box(mv, t);
        mv.visitInsn(Opcodes.AASTORE);
      }
    }
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, name, "<init>", "(I[Ljava/lang/Object;)V", false);
  }

  private void write() throws IOException {
    for (String name : changed) {
      ClassNode node = own.get(name);
      ClassWriter writer = new ClassWriter(0); // the call that replaces invokedynamic leaves the frames as they were
      node.accept(writer);
      Files.write(classes.resolve(name + ".class"), writer.toByteArray());
    }
    for (Map.Entry<String, byte[]> e : generated.entrySet()) {
      Files.write(classes.resolve(e.getKey() + ".class"), e.getValue());
    }
  }

  /** Where the generated code goes: the interface method and the class holding the captured values. */
  private record Emitter(MethodVisitor mv, String owner) {}

  /** One invokedynamic site made by LambdaMetafactory.metafactory. */
  private record Site(ClassNode host, MethodNode method, InvokeDynamicInsnNode indy, String iface, Type sam,
      Handle impl, Type instantiated, Type[] captured) {

    String key() {
      return iface + "." + indy.name + sam.getDescriptor();
    }

    /**
     * Emits the body of this site's case: the target's arguments from the captured values and the
     * interface method's parameters, the call, and the result as the interface returns it. With no
     * emitter, only answers whether every conversion is one this tool makes.
     */
    boolean emit(Emitter out) {
      MethodVisitor mv = out == null ? null : out.mv();
      Type[] implArgs = Type.getArgumentTypes(impl.getDesc());
      List<Type> targets = new ArrayList<>();
      int tag = impl.getTag();
      if (tag != Opcodes.H_INVOKESTATIC && tag != Opcodes.H_NEWINVOKESPECIAL && tag != Opcodes.H_INVOKEVIRTUAL
          && tag != Opcodes.H_INVOKEINTERFACE && tag != Opcodes.H_INVOKESPECIAL) {
        return false;
      }
      if (tag != Opcodes.H_INVOKESTATIC && tag != Opcodes.H_NEWINVOKESPECIAL) {
        targets.add(Type.getObjectType(impl.getOwner()));
      }
      targets.addAll(List.of(implArgs));
      Type[] samArgs = sam.getArgumentTypes();
      Type[] instArgs = instantiated.getArgumentTypes();
      if (captured.length + samArgs.length != targets.size()) {
        return false;
      }
      if (mv != null && impl.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
        mv.visitTypeInsn(Opcodes.NEW, impl.getOwner());
        mv.visitInsn(Opcodes.DUP);
      }
      int t = 0;
      for (int i = 0; i < captured.length; i++, t++) {
        if (mv != null) {
          mv.visitVarInsn(Opcodes.ALOAD, 0);
          mv.visitFieldInsn(Opcodes.GETFIELD, out.owner(), "captured", "[Ljava/lang/Object;");
          mv.visitLdcInsn(i);
          mv.visitInsn(Opcodes.AALOAD);
        }
        if (!Convert.adapt(mv, Type.getType(Object.class), captured[i])
            || !Convert.adapt(mv, captured[i], targets.get(t))) {
          return false;
        }
      }
      int slot = 1;
      for (int i = 0; i < samArgs.length; i++, t++) {
        if (mv != null) {
          mv.visitVarInsn(samArgs[i].getOpcode(Opcodes.ILOAD), slot);
        }
        slot += samArgs[i].getSize();
        if (!Convert.adapt(mv, samArgs[i], instArgs[i]) || !Convert.adapt(mv, instArgs[i], targets.get(t))) {
          return false;
        }
      }
      if (mv != null) {
        switch (impl.getTag()) {
          case Opcodes.H_INVOKESTATIC -> mv.visitMethodInsn(Opcodes.INVOKESTATIC, impl.getOwner(), impl.getName(),
              impl.getDesc(), impl.isInterface());
          case Opcodes.H_NEWINVOKESPECIAL -> mv.visitMethodInsn(Opcodes.INVOKESPECIAL, impl.getOwner(), "<init>",
              impl.getDesc(), false);
          // A private method (the only kind H_INVOKESPECIAL reaches here) is called by a nestmate as a virtual one.
          default -> mv.visitMethodInsn(impl.isInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL,
              impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
        }
      }
      Type implReturn = impl.getTag() == Opcodes.H_NEWINVOKESPECIAL
          ? Type.getObjectType(impl.getOwner()) : Type.getReturnType(impl.getDesc());
      Type samReturn = sam.getReturnType();
      if (samReturn.getSort() == Type.VOID) {
        if (mv != null && implReturn.getSize() > 0) {
          mv.visitInsn(implReturn.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
        }
      } else if (implReturn.getSort() == Type.VOID
          || !Convert.adapt(mv, implReturn, instantiated.getReturnType())
          || !Convert.adapt(mv, instantiated.getReturnType(), samReturn)) {
        return false;
      }
      if (mv != null) {
        mv.visitInsn(samReturn.getOpcode(Opcodes.IRETURN));
      }
      return true;
    }
  }

  /** The conversions a lambda's arguments and result may need: casts, boxing, unboxing. */
  private static final class Convert {

    private Convert() {}

    /** Emits the conversion from one type to the other (or, with no visitor, says if it can). */
    static boolean adapt(MethodVisitor mv, Type from, Type to) {
      if (from.equals(to)) {
        return true;
      }
      boolean fromRef = isReference(from);
      boolean toRef = isReference(to);
      if (fromRef && toRef) {
        if (mv != null && !to.getDescriptor().equals("Ljava/lang/Object;")) {
          mv.visitTypeInsn(Opcodes.CHECKCAST, to.getSort() == Type.ARRAY ? to.getDescriptor() : to.getInternalName());
        }
        return true;
      }
      if (!fromRef && toRef) {
        Type box = boxed(from);
        if (box == null || !(to.equals(box) || isSupertypeOfBox(to))) {
          return false;
        }
        box(mv, from);
        return true;
      }
      if (fromRef && !toRef) {
        Type box = boxed(to);
        if (box == null || !(from.equals(box) || isSupertypeOfBox(from))) {
          return false;
        }
        if (mv != null) {
          mv.visitTypeInsn(Opcodes.CHECKCAST, box.getInternalName());
          mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, box.getInternalName(), to.getClassName() + "Value",
              "()" + to.getDescriptor(), false);
        }
        return true;
      }
      return false; // primitive widening: left to the JDK
    }

    static void box(MethodVisitor mv, Type primitive) {
      Type box = boxed(primitive);
      if (mv != null && box != null) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
            "(" + primitive.getDescriptor() + ")" + box.getDescriptor(), false);
      }
    }

    private static boolean isReference(Type t) {
      return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    private static boolean isSupertypeOfBox(Type t) {
      return Set.of("java/lang/Object", "java/lang/Number", "java/lang/Comparable", "java/io/Serializable",
          "java/lang/constant/Constable", "java/lang/constant/ConstantDesc").contains(t.getInternalName());
    }

    private static Type boxed(Type primitive) {
      return switch (primitive.getSort()) {
        case Type.BOOLEAN -> Type.getType(Boolean.class);
        case Type.BYTE -> Type.getType(Byte.class);
        case Type.CHAR -> Type.getType(Character.class);
        case Type.SHORT -> Type.getType(Short.class);
        case Type.INT -> Type.getType(Integer.class);
        case Type.LONG -> Type.getType(Long.class);
        case Type.FLOAT -> Type.getType(Float.class);
        case Type.DOUBLE -> Type.getType(Double.class);
        default -> null;
      };
    }
  }
}
