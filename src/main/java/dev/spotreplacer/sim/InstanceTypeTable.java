package dev.spotreplacer.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What DescribeInstanceTypes tells about common instance types: architecture, vCPUs, memory and
 * GPUs. A built-in table is enough for the emulator; figures follow EC2's published sizes.
 */
final class InstanceTypeTable {

  /** One instance type's shape. */
  record TypeInfo(String instanceType, String architecture, int vcpus, long memoryMiB, int gpus) {}

  private static final Map<String, TypeInfo> TYPES = new LinkedHashMap<>();

  static {
    x86("t3.micro", 2, 1024);
    x86("t3.small", 2, 2048);
    x86("t3.medium", 2, 4096);
    x86("t3.large", 2, 8192);
    x86("m5.large", 2, 8192);
    x86("m5.xlarge", 4, 16384);
    x86("m5.2xlarge", 8, 32768);
    x86("m5.4xlarge", 16, 65536);
    x86("m5a.large", 2, 8192);
    x86("m5a.xlarge", 4, 16384);
    x86("m6i.large", 2, 8192);
    x86("m6i.xlarge", 4, 16384);
    x86("m6a.large", 2, 8192);
    x86("m7i.large", 2, 8192);
    x86("c5.large", 2, 4096);
    x86("c5.xlarge", 4, 8192);
    x86("c6i.large", 2, 4096);
    x86("r5.large", 2, 16384);
    x86("r6i.large", 2, 16384);
    arm("m6g.large", 2, 8192);
    arm("m7g.large", 2, 8192);
    arm("c6g.large", 2, 4096);
    put(new TypeInfo("g4dn.xlarge", "x86_64", 4, 16384, 1));
    put(new TypeInfo("g4dn.2xlarge", "x86_64", 8, 32768, 1));
    put(new TypeInfo("g5.xlarge", "x86_64", 4, 16384, 1));
    put(new TypeInfo("g4dn.12xlarge", "x86_64", 48, 196608, 4));
  }

  private InstanceTypeTable() {}

  private static void x86(String type, int vcpus, long memoryMiB) {
    put(new TypeInfo(type, "x86_64", vcpus, memoryMiB, 0));
  }

  private static void arm(String type, int vcpus, long memoryMiB) {
    put(new TypeInfo(type, "arm64", vcpus, memoryMiB, 0));
  }

  private static void put(TypeInfo info) {
    TYPES.put(info.instanceType(), info);
  }

  static Optional<TypeInfo> find(String instanceType) {
    return Optional.ofNullable(TYPES.get(instanceType));
  }

  static List<TypeInfo> all() {
    return List.copyOf(TYPES.values());
  }
}
