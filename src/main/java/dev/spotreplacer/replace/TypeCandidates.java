package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * The instance types a replacement may use: the original's, then those the user listed (tag
 * {@code spot-replacer:instance-types}, else INSTANCE_TYPES), or with DIVERSIFY the compatible
 * ones EC2 describes: same architecture and GPU count, at least the original's vCPUs and memory,
 * at most DIVERSIFY_MAX_VCPU_FACTOR times its vCPUs (burstable t* types only for a burstable original). Types other than the original are kept only
 * in the zones where DescribeInstanceTypeOfferings lists them.
 */
final class TypeCandidates {

  /** Enough choice to ride out a shortage without ranking (and scoring) dozens of pools. */
  static final int MAX_EXTRA_TYPES = 7;

  private final Ec2Client ec2;
  private final PoolSettings settings;
  private final Consumer<String> progress;

  TypeCandidates(Ec2Client ec2, PoolSettings settings, Consumer<String> progress) {
    this.ec2 = ec2;
    this.settings = settings;
    this.progress = progress;
  }

  /** Types in preference order (original first) and, for each, the allowed zones it is offered in. */
  record Candidates(List<String> types, Map<String, Set<String>> zonesByType) {
    Candidates {
      types = List.copyOf(types);
      zonesByType = Map.copyOf(zonesByType);
    }
  }

  Candidates find(Original original, Collection<String> zones) {
    String originalType = original.spec().instanceType();
    List<String> extra = new ArrayList<>();
    String tagged = original.tags().get(TagKeys.INSTANCE_TYPES);
    if (tagged != null) {
      try {
        extra.addAll(PoolSettings.instanceTypes(tagged, "tag " + TagKeys.INSTANCE_TYPES));
      } catch (IllegalArgumentException e) {
        // Tag values are not echoed: the rule is never to log them.
        throw new StepFailure(Reason.Code.BAD_TAG, "the instance's tag " + TagKeys.INSTANCE_TYPES + " must list instance types (such as"
            + " m5.large) separated by commas or spaces", e);
      }
    } else if (!settings.instanceTypes().isEmpty()) {
      extra.addAll(settings.instanceTypes());
    } else if (settings.diversify()) {
      extra.addAll(compatible(originalType));
    }
    extra.remove(originalType);
    Map<String, Set<String>> zonesByType = new HashMap<>();
    zonesByType.put(originalType, new LinkedHashSet<>(zones));
    List<String> types = new ArrayList<>();
    types.add(originalType);
    if (!extra.isEmpty()) {
      Map<String, Set<String>> offered = offerings(extra, zones);
      for (String type : extra) {
        Set<String> in = offered.getOrDefault(type, Set.of());
        if (!in.isEmpty() && types.size() <= MAX_EXTRA_TYPES) {
          types.add(type);
          zonesByType.put(type, in);
        }
      }
      progress.accept("candidate types: " + types);
    }
    return new Candidates(types, zonesByType);
  }

  /** Compatible types, nearest in size first; empty (with a note) when EC2 cannot describe them. */
  private List<String> compatible(String originalType) {
    try {
      Optional<InstanceTypeInfo> described = ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(originalType))
          .instanceTypes().stream().findFirst();
      if (described.isEmpty()) {
        progress.accept("diversification skipped: EC2 does not describe " + originalType);
        return List.of();
      }
      Shape shape = Shape.of(described.get());
      List<String> vcpus = LongStream.rangeClosed(shape.vcpus(), (long) shape.vcpus() * settings.maxVcpuFactor())
          .mapToObj(String::valueOf).toList();
      List<Shape> found = new ArrayList<>();
      ec2.describeInstanceTypesPaginator(b -> b.filters(
              filter("processor-info.supported-architecture", List.of(shape.architecture())),
              filter("vcpu-info.default-vcpus", vcpus),
              filter("current-generation", List.of("true")),
              filter("supported-usage-class", List.of("spot"))))
          .instanceTypes().forEach(info -> found.add(Shape.of(info)));
      return found.stream()
          .filter(s -> s.memoryMiB() >= shape.memoryMiB() && s.gpus() == shape.gpus()
              && s.burstable() == shape.burstable())
          .sorted(Comparator.comparingInt(Shape::vcpus).thenComparingLong(Shape::memoryMiB).thenComparing(Shape::type))
          .map(Shape::type)
          .filter(type -> !type.equals(originalType))
          .toList();
    } catch (SdkException e) {
      progress.accept("diversification skipped: DescribeInstanceTypes failed ("
          + Ec2Errors.code(e).orElse("no answer") + "); only " + originalType + " is considered");
      return List.of();
    }
  }

  private Map<String, Set<String>> offerings(List<String> types, Collection<String> zones) {
    Map<String, Set<String>> offered = new HashMap<>();
    Set<String> wanted = new HashSet<>(zones);
    try {
      ec2.describeInstanceTypeOfferingsPaginator(b -> b
              .locationType(LocationType.AVAILABILITY_ZONE)
              .filters(filter("location", List.copyOf(zones)), filter("instance-type", types)))
          .instanceTypeOfferings()
          .forEach(o -> {
            if (wanted.contains(o.location())) {
              offered.computeIfAbsent(o.instanceTypeAsString(), t -> new LinkedHashSet<>()).add(o.location());
            }
          });
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeInstanceTypeOfferings");
    }
    return offered;
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  /** What makes two types interchangeable for a workload. */
  private record Shape(String type, String architecture, int vcpus, long memoryMiB, int gpus, boolean burstable) {
    static Shape of(InstanceTypeInfo info) {
      String arch = info.processorInfo() == null || info.processorInfo().supportedArchitecturesAsStrings().isEmpty()
          ? "x86_64" : info.processorInfo().supportedArchitecturesAsStrings().get(0);
      int gpus = info.gpuInfo() == null ? 0
          : info.gpuInfo().gpus().stream().mapToInt(g -> g.count() == null ? 0 : g.count()).sum();
      return new Shape(info.instanceTypeAsString(), arch,
          info.vCpuInfo() == null || info.vCpuInfo().defaultVCpus() == null ? 0 : info.vCpuInfo().defaultVCpus(),
          info.memoryInfo() == null || info.memoryInfo().sizeInMiB() == null ? 0 : info.memoryInfo().sizeInMiB(),
          gpus, Boolean.TRUE.equals(info.burstablePerformanceSupported()));
    }
  }
}
