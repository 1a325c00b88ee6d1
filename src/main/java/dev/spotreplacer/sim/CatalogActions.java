package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresRequest;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresResponse;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.GpuInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.MemoryInfo;
import software.amazon.awssdk.services.ec2.model.ProcessorInfo;
import software.amazon.awssdk.services.ec2.model.SpotPlacementScore;
import software.amazon.awssdk.services.ec2.model.VCpuInfo;

/**
 * DescribeInstanceTypes (the built-in type table), DescribeInstanceTypeOfferings (a type is
 * offered in a zone when the scenario has a pool for it there) and GetSpotPlacementScores (a
 * score from 1 to 10 that follows the pool's free capacity).
 */
final class CatalogActions {

  private final Market market;
  private final Filters<InstanceTypeTable.TypeInfo> typeFilters = new Filters<InstanceTypeTable.TypeInfo>()
      .field("instance-type", InstanceTypeTable.TypeInfo::instanceType)
      .field("processor-info.supported-architecture", InstanceTypeTable.TypeInfo::architecture)
      .field("vcpu-info.default-vcpus", t -> String.valueOf(t.vcpus()))
      .field("memory-info.size-in-mib", t -> String.valueOf(t.memoryMiB()))
      .field("current-generation", t -> "true")
      .multi("supported-usage-class", t -> List.of("on-demand", "spot"));
  private final Filters<Pool> offeringFilters = new Filters<Pool>()
      .field("instance-type", p -> p.instanceType)
      .field("location", p -> p.availabilityZone);

  CatalogActions(Market market) {
    this.market = market;
  }

  DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest request) {
    List<String> asked = Checks.distinct(request.instanceTypesAsStrings());
    List<InstanceTypeTable.TypeInfo> candidates = new ArrayList<>();
    if (asked.isEmpty()) {
      candidates.addAll(InstanceTypeTable.all());
    } else {
      List<String> unknown = new ArrayList<>();
      for (String type : asked) {
        InstanceTypeTable.find(type).ifPresentOrElse(candidates::add, () -> unknown.add(type));
      }
      if (!unknown.isEmpty()) {
        throw new Ec2Fault("InvalidInstanceType", "The following supplied instance types do not exist: ["
            + String.join(", ", unknown) + "]");
      }
    }
    Predicate<InstanceTypeTable.TypeInfo> match = typeFilters.compile(request.filters());
    Checks.dryRun(request.dryRun());
    Paging.Page<InstanceTypeTable.TypeInfo> page = Paging.page(
        candidates.stream().filter(match).toList(), request.maxResults(), request.nextToken(), 5, 100);
    return DescribeInstanceTypesResponse.builder()
        .instanceTypes(page.items().stream().map(CatalogActions::view).toList())
        .nextToken(page.nextToken())
        .build();
  }

  private static InstanceTypeInfo view(InstanceTypeTable.TypeInfo type) {
    InstanceTypeInfo.Builder info = InstanceTypeInfo.builder()
        .instanceType(type.instanceType())
        .currentGeneration(true)
        .burstablePerformanceSupported(type.instanceType().startsWith("t"))
        .supportedUsageClassesWithStrings("on-demand", "spot")
        .processorInfo(ProcessorInfo.builder().supportedArchitecturesWithStrings(type.architecture()).build())
        .vCpuInfo(VCpuInfo.builder().defaultVCpus(type.vcpus()).build())
        .memoryInfo(MemoryInfo.builder().sizeInMiB(type.memoryMiB()).build());
    if (type.gpus() > 0) {
      info.gpuInfo(GpuInfo.builder()
          .gpus(GpuDeviceInfo.builder().count(type.gpus()).name("T4").manufacturer("NVIDIA").build())
          .build());
    }
    return info.build();
  }

  DescribeInstanceTypeOfferingsResponse describeInstanceTypeOfferings(DescribeInstanceTypeOfferingsRequest request) {
    String locationType = request.locationTypeAsString() == null ? "region" : request.locationTypeAsString();
    if (!Set.of("region", "availability-zone", "availability-zone-id").contains(locationType)) {
      throw Ec2Fault.invalid("LocationType", locationType, "It must be region, availability-zone or availability-zone-id.");
    }
    if (!"availability-zone".equals(locationType)) {
      throw Ec2Fault.invalid("LocationType", locationType, "The emulator lists offerings by availability-zone only.");
    }
    Predicate<Pool> match = offeringFilters.compile(request.filters());
    Checks.dryRun(request.dryRun());
    List<Pool> offered = market.pools().stream().filter(match).toList();
    Paging.Page<Pool> page = Paging.page(offered, request.maxResults(), request.nextToken(), 5, 1000);
    return DescribeInstanceTypeOfferingsResponse.builder()
        .instanceTypeOfferings(page.items().stream().map(p -> InstanceTypeOffering.builder()
            .instanceType(p.instanceType).locationType(locationType).location(p.availabilityZone).build()).toList())
        .nextToken(page.nextToken())
        .build();
  }

  GetSpotPlacementScoresResponse getSpotPlacementScores(GetSpotPlacementScoresRequest request) {
    List<String> types = request.instanceTypes();
    if (types == null || types.isEmpty()) {
      throw Ec2Fault.missing("InstanceType");
    }
    if (request.targetCapacity() == null || request.targetCapacity() < 1) {
      throw Ec2Fault.missing("TargetCapacity");
    }
    Checks.dryRun(request.dryRun());
    Set<String> typeSet = new LinkedHashSet<>(types);
    int target = request.targetCapacity();
    List<SpotPlacementScore> scores = new ArrayList<>();
    if (Boolean.TRUE.equals(request.singleAvailabilityZone())) {
      for (String zone : market.network().zones()) {
        int free = freeCapacity(typeSet, zone);
        if (free >= 0) {
          scores.add(SpotPlacementScore.builder().region(market.scenario().region())
              .availabilityZoneId(market.network().zoneId(zone)).score(score(free, target)).build());
        }
      }
    } else {
      int free = freeCapacity(typeSet, null);
      scores.add(SpotPlacementScore.builder().region(market.scenario().region()).score(score(free, target)).build());
    }
    Paging.Page<SpotPlacementScore> page = Paging.page(scores, request.maxResults(), request.nextToken(), 10, 1000);
    return GetSpotPlacementScoresResponse.builder().spotPlacementScores(page.items()).nextToken(page.nextToken()).build();
  }

  /** Free capacity over the types' pools in the zone (any zone when null); -1 when none exists. */
  private int freeCapacity(Set<String> types, String zone) {
    int free = -1;
    for (Pool pool : market.pools()) {
      if (types.contains(pool.instanceType) && (zone == null || zone.equals(pool.availabilityZone))) {
        // A forecast, not a promise: it does not know that a pool fails every request (failWith).
        free = Math.max(free, 0) + pool.capacity();
      }
    }
    return free;
  }

  /** 1 when nothing is free, 10 when there is room for ten times the target; linear between. */
  private static int score(int free, int target) {
    if (free <= 0) {
      return 1;
    }
    return Math.max(2, Math.min(10, 1 + 9 * free / (10 * target)));
  }
}
