package dev.spotreplacer.sim;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the emulator starts from: the region, existing instances, spot pools, subnets, timing,
 * EventBridge rules and the on-demand prices its Price List lists.
 */
public record Scenario(
    String region,
    List<Scenario.InstanceSpec> instances,
    List<Scenario.PoolSpec> pools,
    Scenario.Timing timing,
    long seed,
    List<Scenario.SubnetSpec> subnets,
    List<VolumeSpec> volumes,
    List<AddressSpec> addresses,
    InterruptionSpec interruption,
    Conditions conditions,
    List<RuleSpec> rules,
    List<OnDemandPriceSpec> onDemandPrices) {

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");

  public Scenario {
    requireText(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("region '" + region + "' is not a region name like us-east-1");
    }
    instances = List.copyOf(Objects.requireNonNull(instances, "instances == null"));
    pools = List.copyOf(Objects.requireNonNull(pools, "pools == null"));
    timing = timing == null ? Timing.DEFAULT : timing;
    subnets = List.copyOf(subnets == null ? List.of() : subnets);
    conditions = conditions == null ? Conditions.NONE : conditions;
    validate(region, instances, pools, subnets);
    volumes = List.copyOf(volumes == null ? List.of() : volumes);
    addresses = List.copyOf(addresses == null ? List.of() : addresses);
    StorageChecks.validate(region, instances, volumes, addresses, interruption);
    // Absent: the rule a SAM deployment of template.yaml leaves, so doctor --simulate finds it.
    rules = rules == null ? RuleSpec.defaultsFor(region) : List.copyOf(rules);
    // Absent: prices derived from the pools, so MAX_PRICE_FRACTION has something to be a fraction of.
    onDemandPrices = onDemandPrices == null ? OnDemandPriceSpec.derivedFrom(region, pools)
        : List.copyOf(onDemandPrices);
  }

  /** The scenario with the on-demand prices derived from its pools. */
  public Scenario(String region, List<InstanceSpec> instances, List<PoolSpec> pools, Timing timing, long seed,
      List<SubnetSpec> subnets, List<VolumeSpec> volumes, List<AddressSpec> addresses, InterruptionSpec interruption,
      Conditions conditions, List<RuleSpec> rules) {
    this(region, instances, pools, timing, seed, subnets, volumes, addresses, interruption, conditions, rules, null);
  }

  /**
   * The scenario without volumes, addresses or a scheduled interruption, on a well-behaved EC2:
   * no throttling, faults or denied actions.
   */
  public Scenario(String region, List<InstanceSpec> instances, List<PoolSpec> pools, Timing timing, long seed,
      List<SubnetSpec> subnets) {
    this(region, instances, pools, timing, seed, subnets, List.of(), List.of(), null, Conditions.NONE, null, null);
  }

  /** The same world under other conditions (throttling, faults, denied actions). */
  public Scenario withConditions(Conditions value) {
    return new Scenario(region, instances, pools, timing, seed, subnets, volumes, addresses, interruption, value,
        rules, onDemandPrices);
  }

  /** The scenario without an explicit subnet list: subnets come from the instances. */
  public Scenario(String region, List<InstanceSpec> instances, List<PoolSpec> pools, Timing timing, long seed) {
    this(region, instances, pools, timing, seed, List.of());
  }

  /** Parses scenario JSON; errors are {@link IllegalArgumentException}s naming the bad field. */
  public static Scenario fromJson(String json) {
    return ScenarioJson.parse(json);
  }

  /** Reads and parses a scenario file; error messages start with the file name. */
  public static Scenario load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read scenario: " + e.getMessage(), e);
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * One opted-in m5.large spot instance in {@code <region>a} and m5.large pools in a, b and c,
   * priced so that the original zone is not the cheapest one.
   */
  public static Scenario defaultFor(String instanceId, String region) {
    requireText(region, "region");
    InstanceSpec original =
        InstanceSpec.builder(instanceId, "m5.large", region + "a")
            .tags(new TreeMap<>(Map.of("spot-replacer:enabled", "true", "Name", "spot-worker")))
            .build();
    List<PoolSpec> pools =
        List.of(
            new PoolSpec("m5.large", region + "a", "0.0420", 10, null),
            new PoolSpec("m5.large", region + "b", "0.0310", 10, null),
            new PoolSpec("m5.large", region + "c", "0.0365", 10, null));
    List<SubnetSpec> subnets =
        List.of(
            new SubnetSpec(defaultSubnetId(region + "a"), region + "a"),
            new SubnetSpec(defaultSubnetId(region + "b"), region + "b"),
            new SubnetSpec(defaultSubnetId(region + "c"), region + "c"));
    return new Scenario(region, List.of(original), pools, Timing.DEFAULT, 7, subnets);
  }

  /** The subnet an instance gets when the scenario names none: stable per zone, e.g. subnet-0aaa...a. */
  public static String defaultSubnetId(String availabilityZone) {
    char zone = availabilityZone.charAt(availabilityZone.length() - 1);
    return "subnet-0" + String.valueOf(zone).repeat(16);
  }

  /** Subnets known to EC2: the {@code subnets} list plus every instance's subnet, by subnet id. */
  public Map<String, String> subnetZones() {
    Map<String, String> zones = new LinkedHashMap<>();
    subnets.forEach(s -> zones.put(s.subnetId(), s.availabilityZone()));
    instances.forEach(i -> zones.putIfAbsent(i.subnetId(), i.availabilityZone()));
    return zones;
  }

  private static void validate(
      String region, List<InstanceSpec> instances, List<PoolSpec> pools, List<SubnetSpec> subnets) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < instances.size(); i++) {
      InstanceSpec spec = instances.get(i);
      if (!ids.add(spec.instanceId())) {
        throw new IllegalArgumentException("instances[" + i + "].instanceId '" + spec.instanceId() + "' is a duplicate");
      }
      requireZoneIn(region, spec.availabilityZone(), "instances[" + i + "].availabilityZone");
    }
    Set<String> poolKeys = new HashSet<>();
    for (int i = 0; i < pools.size(); i++) {
      PoolSpec pool = pools.get(i);
      requireZoneIn(region, pool.availabilityZone(), "pools[" + i + "].availabilityZone");
      if (!poolKeys.add(pool.instanceType() + "/" + pool.availabilityZone())) {
        throw new IllegalArgumentException(
            "pools[" + i + "] repeats the pool " + pool.instanceType() + " in " + pool.availabilityZone());
      }
    }
    Map<String, String> subnetZones = new HashMap<>();
    for (int i = 0; i < subnets.size(); i++) {
      SubnetSpec subnet = subnets.get(i);
      requireZoneIn(region, subnet.availabilityZone(), "subnets[" + i + "].availabilityZone");
      if (subnetZones.put(subnet.subnetId(), subnet.availabilityZone()) != null) {
        throw new IllegalArgumentException("subnets[" + i + "].subnetId '" + subnet.subnetId() + "' is a duplicate");
      }
    }
    for (int i = 0; i < instances.size(); i++) {
      InstanceSpec spec = instances.get(i);
      String zone = subnetZones.get(spec.subnetId());
      if (zone != null && !zone.equals(spec.availabilityZone())) {
        throw new IllegalArgumentException(
            "instances[" + i + "].subnetId '" + spec.subnetId() + "' is in " + zone + ", not in " + spec.availabilityZone());
      }
    }
  }

  private static void requireZoneIn(String region, String zone, String field) {
    if (!zone.startsWith(region) || zone.length() == region.length()) {
      throw new IllegalArgumentException(field + " '" + zone + "' is not a zone of region " + region);
    }
  }

  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  /** An instance that exists when the emulator starts; most fields have EC2-like defaults. */
  public record InstanceSpec(
      String instanceId,
      String instanceType,
      String availabilityZone,
      String subnetId,
      String imageId,
      String lifecycle,
      String state,
      Map<String, String> tags,
      String userData,
      List<String> securityGroupIds,
      String keyName,
      String iamInstanceProfileArn,
      boolean ebsOptimized,
      boolean monitoring,
      String platform,
      String spotRequestType,
      LaunchOptions options,
      String rootKmsKeyId) {

    static final Set<String> LIFECYCLES = Set.of("spot", "on-demand");
    static final Set<String> STATES = Set.of("pending", "running", "stopped", "shutting-down", "terminated");
    static final Set<String> REQUEST_TYPES = Set.of("one-time", "persistent");

    public InstanceSpec {
      requireText(instanceId, "instanceId");
      if (!INSTANCE_ID.matcher(instanceId).matches()) {
        throw new IllegalArgumentException("instanceId '" + instanceId + "' is not an instance id like i-0123456789abcdef0");
      }
      requireText(instanceType, "instanceType");
      requireText(availabilityZone, "availabilityZone");
      subnetId = subnetId == null ? defaultSubnetId(availabilityZone) : subnetId;
      imageId = imageId == null ? "ami-0123456789abcdef0" : imageId;
      lifecycle = oneOf(lifecycle == null ? "spot" : lifecycle, LIFECYCLES, "lifecycle");
      state = oneOf(state == null ? "running" : state, STATES, "state");
      // Insertion order is kept so that DescribeInstances lists tags the same way on every run.
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
      securityGroupIds = List.copyOf(securityGroupIds == null ? List.of("sg-0123456789abcdef0") : securityGroupIds);
      platform = platform == null ? "Linux/UNIX" : platform;
      spotRequestType = oneOf(spotRequestType == null ? "one-time" : spotRequestType, REQUEST_TYPES, "spotRequestType");
      options = options == null ? LaunchOptions.DEFAULT : options;
    }

    /** A builder with every optional field at its default. */
    public static Builder builder(String instanceId, String instanceType, String availabilityZone) {
      return new Builder(instanceId, instanceType, availabilityZone);
    }

    /** Builds an {@link InstanceSpec}; unset fields take the record's defaults. */
    public static final class Builder {
      private final String instanceId;
      private final String instanceType;
      private final String availabilityZone;
      private String subnetId;
      private String imageId;
      private String lifecycle;
      private String state;
      private Map<String, String> tags;
      private String userData;
      private List<String> securityGroupIds;
      private String keyName;
      private String iamInstanceProfileArn;
      private boolean ebsOptimized;
      private boolean monitoring;
      private String platform;
      private String spotRequestType;
      private LaunchOptions options;
      private String rootKmsKeyId;

      private Builder(String instanceId, String instanceType, String availabilityZone) {
        this.instanceId = instanceId;
        this.instanceType = instanceType;
        this.availabilityZone = availabilityZone;
      }

      public Builder subnetId(String value) { this.subnetId = value; return this; }
      public Builder imageId(String value) { this.imageId = value; return this; }
      public Builder lifecycle(String value) { this.lifecycle = value; return this; }
      public Builder state(String value) { this.state = value; return this; }
      public Builder tags(Map<String, String> value) { this.tags = value; return this; }
      public Builder userData(String value) { this.userData = value; return this; }
      public Builder securityGroupIds(List<String> value) { this.securityGroupIds = value; return this; }
      public Builder keyName(String value) { this.keyName = value; return this; }
      public Builder iamInstanceProfileArn(String value) { this.iamInstanceProfileArn = value; return this; }
      public Builder ebsOptimized(boolean value) { this.ebsOptimized = value; return this; }
      public Builder monitoring(boolean value) { this.monitoring = value; return this; }
      public Builder platform(String value) { this.platform = value; return this; }
      public Builder spotRequestType(String value) { this.spotRequestType = value; return this; }
      public Builder options(LaunchOptions value) { this.options = value; return this; }
      /** The root volume is encrypted with this key. */
      public Builder rootKmsKeyId(String value) { this.rootKmsKeyId = value; return this; }

      public InstanceSpec build() {
        return new InstanceSpec(instanceId, instanceType, availabilityZone, subnetId, imageId, lifecycle, state,
            tags, userData, securityGroupIds, keyName, iamInstanceProfileArn, ebsOptimized, monitoring, platform,
            spotRequestType, options, rootKmsKeyId);
      }
    }
  }

  /**
   * A spot pool (instance type x zone): its current price, free capacity and, optionally, the spot
   * status code every request for it fails with at evaluation.
   */
  public record PoolSpec(
      String instanceType,
      String availabilityZone,
      String price,
      int capacity,
      String failWith,
      String productDescription) {

    public PoolSpec {
      requireText(instanceType, "instanceType");
      requireText(availabilityZone, "availabilityZone");
      requireText(price, "price");
      try {
        if (new BigDecimal(price).signum() <= 0) {
          throw new IllegalArgumentException("price '" + price + "' must be > 0");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("price '" + price + "' is not a decimal number", e);
      }
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity " + capacity + " must be >= 0");
      }
      if (failWith != null && !SpotStatus.isKnown(failWith)) {
        throw new IllegalArgumentException("failWith '" + failWith + "' is not a spot status code; use one of "
            + SpotStatus.FAILURE_CODES);
      }
      productDescription = productDescription == null ? "Linux/UNIX" : productDescription;
    }

    /** A Linux/UNIX pool. */
    public PoolSpec(String instanceType, String availabilityZone, String price, int capacity, String failWith) {
      this(instanceType, availabilityZone, price, capacity, failWith, null);
    }
  }

  /** A subnet known to EC2 besides the instances' own. */
  public record SubnetSpec(String subnetId, String availabilityZone) {
    public SubnetSpec {
      requireText(subnetId, "subnetId");
      requireText(availabilityZone, "availabilityZone");
    }
  }

  /**
   * How long a spot request stays in pending-evaluation, then in pending-fulfillment, and how long a
   * new instance stays pending, in (virtual) seconds; and two of EC2's inconvenient truths:
   *
   * @param staleSeconds up to how long a new instance or spot request id stays unknown to Describe
   *     calls and CreateTags (EC2's eventual consistency); each new id draws 1 to this many seconds
   *     from the seed; 0 turns it off
   * @param terminatedSeconds how long a terminated instance stays visible (about an hour in EC2),
   *     stripped of its network, security groups and instance profile
   */
  public record Timing(int evaluateSeconds, int fulfillSeconds, int bootSeconds, int staleSeconds,
      int terminatedSeconds) {
    public static final Timing DEFAULT = new Timing(1, 3, 40);
    /** EC2 shows a terminated instance for about an hour. */
    public static final int TERMINATED_SECONDS = 3600;
    /** New ids are unknown for up to this many seconds unless a scenario says otherwise. */
    public static final int STALE_SECONDS = 3;

    public Timing {
      if (evaluateSeconds < 0) {
        throw new IllegalArgumentException("evaluateSeconds " + evaluateSeconds + " must be >= 0");
      }
      if (fulfillSeconds < 0) {
        throw new IllegalArgumentException("fulfillSeconds " + fulfillSeconds + " must be >= 0");
      }
      if (bootSeconds < 0) {
        throw new IllegalArgumentException("bootSeconds " + bootSeconds + " must be >= 0");
      }
      if (staleSeconds < 0) {
        throw new IllegalArgumentException("staleSeconds " + staleSeconds + " must be >= 0");
      }
      if (terminatedSeconds < 0) {
        throw new IllegalArgumentException("terminatedSeconds " + terminatedSeconds + " must be >= 0");
      }
    }

    /** EC2's own eventual consistency and terminated-instance retention. */
    public Timing(int evaluateSeconds, int fulfillSeconds, int bootSeconds) {
      this(evaluateSeconds, fulfillSeconds, bootSeconds, STALE_SECONDS, TERMINATED_SECONDS);
    }

    /** The same timing with new ids visible at once: only for tests about something else that say why. */
    public Timing withoutStaleIds() {
      return new Timing(evaluateSeconds, fulfillSeconds, bootSeconds, 0, terminatedSeconds);
    }
  }

  static String oneOf(String value, Set<String> allowed, String field) {
    if (!allowed.contains(value)) {
      List<String> sorted = new ArrayList<>(allowed);
      sorted.sort(null);
      throw new IllegalArgumentException(field + " '" + value + "' must be one of " + sorted);
    }
    return value;
  }
}
