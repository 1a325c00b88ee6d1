package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.RunInstancesMonitoringEnabled;
import software.amazon.awssdk.services.ec2.model.SpotPlacement;

/**
 * The emulated account and region: instances, spot requests and pools. Time-driven changes
 * (evaluation, fulfilment, boot, shutdown, expiry) are applied lazily, in time order, whenever
 * somebody looks, against the injected clock. One lock guards everything: the SDK may call
 * concurrently, and ClientToken idempotency needs check-and-create to be atomic.
 */
final class Market {

  static final String ACCOUNT_ID = "123456789012";
  /** How long shutting-down lasts before an instance is terminated. */
  static final Duration SHUTDOWN = Duration.ofSeconds(10);
  /** EC2 keeps an unfulfilled request open this long when ValidUntil is not given. */
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
  /** Marks the scheduled interruption as the next due change in {@link #catchUp()}. */
  private static final Object INTERRUPTION = new Object();

  private final Scenario scenario;
  private final Clock clock;
  private final Ids ids;
  private final Network network;
  private final PriceHistory history;
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, InstanceEntry> instances = new LinkedHashMap<>();
  private final Map<String, SpotRequestEntry> requests = new LinkedHashMap<>();
  /** RequestSpotInstances calls by ClientToken: what was asked (DryRun aside) and the requests it made. */
  private final Map<String, TokenUse> clientTokens = new HashMap<>();
  private final Object lock = new Object();
  private Instant now;
  private final Volumes volumes = new Volumes();
  private final Addresses addresses = new Addresses();
  private final Interfaces interfaces = new Interfaces();
  /** Draws how long each new id stays unknown; its own stream, so ids and prices do not shift. */
  private final SplittableRandom staleness;
  /** The scenario's scheduled interruption: EC2 shuts the instance down at this time by itself. */
  private Instant interruptAt;
  private String interruptedId;

  record TokenUse(Object request, List<String> spotInstanceRequestIds) {}

  Market(Scenario scenario, Clock clock) {
    this.scenario = scenario;
    this.clock = clock;
    this.ids = new Ids(scenario.seed());
    this.staleness = new SplittableRandom(scenario.seed() ^ 0x57a1eL);
    this.network = new Network(scenario, scenario.seed());
    this.now = clock.instant();
    scenario.pools().forEach(spec -> pools.put(Pool.key(spec.instanceType(), spec.availabilityZone()), new Pool(spec)));
    this.history = new PriceHistory(List.copyOf(pools.values()), scenario.seed(), now);
    scenario.instances().forEach(spec -> ids.reserve(spec.instanceId()));
    scenario.volumes().forEach(spec -> ids.reserve(spec.volumeId()));
    seed(scenario.instances());
    volumes.seed(scenario.volumes(), instances, now);
    addresses.seed(scenario.addresses(), ids);
    if (scenario.interruption() != null) {
      interruptedId = scenario.interruption().instanceId();
      interruptAt = now.plusSeconds(scenario.interruption().terminateAfterSeconds());
    }
  }

  /** Runs {@code work} under the lock, after applying everything due by now. */
  <T> T locked(Supplier<T> work) {
    synchronized (lock) {
      Instant clockNow = clock.instant();
      // A clock that moved backwards must not undo history; the model never goes back in time.
      if (clockNow.isAfter(now)) {
        now = clockNow;
      }
      catchUp();
      return work.get();
    }
  }

  Instant now() {
    return now;
  }

  Scenario scenario() {
    return scenario;
  }

  Ids ids() {
    return ids;
  }

  Network network() {
    return network;
  }

  PriceHistory history() {
    return history;
  }

  Volumes volumes() {
    return volumes;
  }

  Interfaces interfaces() {
    return interfaces;
  }

  Addresses addresses() {
    return addresses;
  }

  /** The instances EC2 shows callers now: not the ones too new to be seen, nor those terminated too long ago. */
  List<InstanceEntry> instances() {
    return instances.values().stream().filter(this::visible).toList();
  }

  Optional<InstanceEntry> instance(String instanceId) {
    return knownInstance(instanceId).filter(this::visible);
  }

  /** Every instance the model holds, whether EC2 would show it or not: for the emulator's own views. */
  List<InstanceEntry> knownInstances() {
    return new ArrayList<>(instances.values());
  }

  Optional<InstanceEntry> knownInstance(String instanceId) {
    return Optional.ofNullable(instances.get(instanceId));
  }

  /** The spot requests EC2 shows callers now. */
  List<SpotRequestEntry> requests() {
    return requests.values().stream().filter(r -> r.visibleFrom == null || !now.isBefore(r.visibleFrom)).toList();
  }

  Optional<SpotRequestEntry> request(String spotInstanceRequestId) {
    return knownRequest(spotInstanceRequestId).filter(r -> r.visibleFrom == null || !now.isBefore(r.visibleFrom));
  }

  List<SpotRequestEntry> knownRequests() {
    return new ArrayList<>(requests.values());
  }

  Optional<SpotRequestEntry> knownRequest(String spotInstanceRequestId) {
    return Optional.ofNullable(requests.get(spotInstanceRequestId));
  }

  /**
   * EC2's eventual consistency: a new id is unknown to Describe calls and CreateTags for a few
   * seconds; and a terminated instance is shown for about an hour, then not at all.
   */
  private boolean visible(InstanceEntry instance) {
    if (instance.visibleFrom != null && now.isBefore(instance.visibleFrom)) {
      return false;
    }
    return instance.terminatedAt == null
        || now.isBefore(instance.terminatedAt.plusSeconds(scenario.timing().terminatedSeconds()));
  }

  /** When a resource created at {@code at} becomes visible: 1 to staleSeconds later, drawn from the seed. */
  private Instant visibleFrom(Instant at) {
    int stale = scenario.timing().staleSeconds();
    return stale == 0 ? null : at.plusSeconds(1 + staleness.nextInt(stale));
  }

  Optional<TokenUse> tokenUse(String clientToken) {
    return Optional.ofNullable(clientTokens.get(clientToken));
  }

  void rememberToken(String clientToken, TokenUse use) {
    clientTokens.put(clientToken, use);
  }

  /** A new request, open and pending evaluation. */
  SpotRequestEntry openRequest(RequestSpotLaunchSpecification spec, String type, String spotPrice,
      String clientToken, Instant validFrom, Instant validUntil, String interruptionBehavior,
      Map<String, String> tags) {
    Instant expires = validUntil != null ? validUntil : now.plus(DEFAULT_VALIDITY);
    SpotRequestEntry entry = new SpotRequestEntry(ids.spotRequest(), spec, type, spotPrice, clientToken, now,
        validFrom, expires, interruptionBehavior, "Linux/UNIX");
    entry.tags.putAll(tags);
    entry.visibleFrom = visibleFrom(now);
    entry.status("open", SpotStatus.PENDING_EVALUATION, now);
    scheduleEvaluation(entry, now);
    requests.put(entry.spotInstanceRequestId, entry);
    return entry;
  }

  /** CancelSpotInstanceRequests for one request; closed, failed or cancelled requests stay as they are. */
  void cancel(SpotRequestEntry entry) {
    if ("open".equals(entry.state)) {
      releaseReservation(entry);
      entry.due = null;
      entry.dueAt = null;
      entry.status("cancelled", SpotStatus.CANCELED_BEFORE_FULFILLMENT, now);
    } else if ("active".equals(entry.state) || "disabled".equals(entry.state)) {
      entry.status("cancelled", SpotStatus.CANCELED_AND_INSTANCE_RUNNING, now);
    }
  }

  /**
   * Capacity comes back to a pool: open requests waiting for it are evaluated again at once, as EC2
   * keeps evaluating them, and may launch (even one its owner is about to cancel).
   */
  void addCapacity(String instanceType, String availabilityZone, int count) {
    Pool pool = pool(instanceType, availabilityZone).orElseThrow(() -> new IllegalArgumentException(
        "no pool " + instanceType + " in " + availabilityZone + " in the emulator"));
    for (int i = 0; i < count; i++) {
      pool.giveBack();
    }
    for (SpotRequestEntry request : requests.values()) {
      if ("open".equals(request.state) && request.due == null
          && SpotStatus.CAPACITY_NOT_AVAILABLE.equals(request.statusCode)) {
        scheduleEvaluation(request, now);
      }
    }
  }

  /** TerminateInstances (byUser) or a spot interruption: shutting-down now, terminated shortly after. */
  void shutDown(InstanceEntry instance, boolean byUser) {
    if (instance.isGone()) {
      return;
    }
    instance.shutDown(now, now.plus(SHUTDOWN), byUser);
    SpotRequestEntry request =
        instance.spotInstanceRequestId == null ? null : requests.get(instance.spotInstanceRequestId);
    if (request == null || !"active".equals(request.state)) {
      return;
    }
    String code = byUser ? SpotStatus.TERMINATED_BY_USER : SpotStatus.TERMINATED_NO_CAPACITY;
    if ("persistent".equals(request.type)) {
      // A persistent request reopens and asks for a replacement instance, as in EC2.
      request.status("open", code, now);
      request.instanceId = null;
      scheduleEvaluation(request, now);
    } else {
      request.status("closed", code, now);
    }
  }

  /** The scheduled interruption, applied at its own time (not at the later moment somebody looked). */
  private void interrupt(InstanceEntry instance, Instant at) {
    Instant current = now;
    now = at;
    try {
      shutDown(instance, false);
    } finally {
      now = current;
    }
  }

  private void scheduleEvaluation(SpotRequestEntry entry, Instant from) {
    Instant at = from.plusSeconds(scenario.timing().evaluateSeconds());
    if (entry.validFrom != null && entry.validFrom.isAfter(at)) {
      at = entry.validFrom;
    }
    entry.due = SpotRequestEntry.Due.EVALUATION;
    entry.dueAt = at;
  }

  /** Applies every due change in time order, so capacity goes to the request evaluated first. */
  private void catchUp() {
    while (true) {
      Instant next = null;
      Object target = null;
      for (SpotRequestEntry request : requests.values()) {
        Instant at = request.nextEventAt();
        if (at != null && !at.isAfter(now) && (next == null || at.isBefore(next))) {
          next = at;
          target = request;
        }
      }
      for (InstanceEntry instance : instances.values()) {
        Instant at = instance.dueAt();
        if (at != null && !at.isAfter(now) && (next == null || at.isBefore(next))) {
          next = at;
          target = instance;
        }
      }
      Instant interfaceAt = interfaces.nextEventAt();
      if (interfaceAt != null && !interfaceAt.isAfter(now) && (next == null || interfaceAt.isBefore(next))) {
        next = interfaceAt;
        target = interfaces;
      }
      Instant volumeAt = volumes.nextEventAt();
      if (volumeAt != null && !volumeAt.isAfter(now) && (next == null || volumeAt.isBefore(next))) {
        next = volumeAt;
        target = volumes;
      }
      if (interruptAt != null && !interruptAt.isAfter(now) && (next == null || interruptAt.isBefore(next))) {
        next = interruptAt;
        target = INTERRUPTION;
      }
      if (target == null) {
        return;
      }
      if (target == interfaces) {
        interfaces.step(next);
      } else if (target == volumes) {
        volumes.step(next);
      } else if (target == INTERRUPTION) {
        interruptAt = null;
        Instant at = next;
        knownInstance(interruptedId).ifPresent(instance -> interrupt(instance, at));
      } else if (target instanceof SpotRequestEntry request) {
        step(request, next);
      } else {
        step((InstanceEntry) target, next);
      }
    }
  }

  private void step(InstanceEntry instance, Instant at) {
    if ("pending".equals(instance.state())) {
      instance.moveTo("running", null);
      instance.runningSince = at;
    } else if ("shutting-down".equals(instance.state())) {
      instance.moveTo("terminated", null);
      instance.terminatedAt = at;
      volumes.instanceTerminated(instance.instanceId, at);
      interfaces.instanceTerminated(instance.instanceId, at);
      addresses.instanceTerminated(instance.instanceId);
    } else {
      instance.moveTo(instance.state(), null);
    }
  }

  private void step(SpotRequestEntry request, Instant at) {
    if (request.validUntil != null && !request.validUntil.isAfter(at)
        && (request.dueAt == null || !request.dueAt.isBefore(request.validUntil))) {
      releaseReservation(request);
      request.due = null;
      request.dueAt = null;
      request.status("closed", SpotStatus.SCHEDULE_EXPIRED, at);
      return;
    }
    SpotRequestEntry.Due due = request.due;
    request.due = null;
    request.dueAt = null;
    if (due == SpotRequestEntry.Due.EVALUATION) {
      evaluate(request, at);
    } else if (due == SpotRequestEntry.Due.FULFILLMENT) {
      fulfil(request, at);
    }
  }

  /** EC2's evaluation: the first reason the request cannot be met, or pending-fulfillment with capacity held. */
  private void evaluate(SpotRequestEntry request, Instant at) {
    RequestSpotLaunchSpecification spec = request.launchSpecification;
    String type = spec.instanceTypeAsString();
    String subnetId = requestedSubnet(spec);
    String zone = spec.placement() == null ? null : spec.placement().availabilityZone();
    if (subnetId != null) {
      Optional<Network.Subnet> subnet = network.subnet(subnetId);
      if (subnet.isEmpty()) {
        fail(request, SpotStatus.BAD_PARAMETERS, "The subnet ID '" + subnetId + "' does not exist", at);
        return;
      }
      if (zone != null && !zone.equals(subnet.get().availabilityZone())) {
        fail(request, SpotStatus.BAD_PARAMETERS, "The subnet ID '" + subnetId + "' is not in " + zone, at);
        return;
      }
      zone = subnet.get().availabilityZone();
    }
    Pool pool = zone != null ? pools.get(Pool.key(type, zone)) : cheapestWithCapacity(type);
    if (pool == null) {
      String where = zone == null ? "any Availability Zone" : zone;
      fail(request, SpotStatus.BAD_PARAMETERS, "Spot instances of type " + type + " are not offered in " + where, at);
      return;
    }
    if (pool.failWith != null) {
      fail(request, pool.failWith, SpotStatus.message(pool.failWith), at);
      return;
    }
    if (request.spotPrice != null && new BigDecimal(request.spotPrice).compareTo(pool.price) < 0) {
      request.status("open", SpotStatus.PRICE_TOO_LOW, "Your Spot request price of " + request.spotPrice
          + " is lower than the minimum required Spot request fulfillment price of " + pool.price.toPlainString()
          + ".", at);
      return;
    }
    if (pool.capacity() <= 0) {
      request.status("open", SpotStatus.CAPACITY_NOT_AVAILABLE, at);
      return;
    }
    pool.take();
    request.reservedPool = pool;
    request.reservedSubnetId = subnetId != null ? subnetId : network.subnetIn(pool.availabilityZone);
    request.status("open", SpotStatus.PENDING_FULFILLMENT, at);
    request.due = SpotRequestEntry.Due.FULFILLMENT;
    request.dueAt = at.plusSeconds(scenario.timing().fulfillSeconds());
  }

  private void fail(SpotRequestEntry request, String code, String message, Instant at) {
    request.status(SpotStatus.stateOf(code), code, message, at);
  }

  private Pool cheapestWithCapacity(String instanceType) {
    List<Pool> candidates = pools.values().stream().filter(p -> p.instanceType.equals(instanceType)).toList();
    return candidates.stream()
        .filter(p -> p.capacity() > 0)
        .min(Comparator.comparing((Pool p) -> p.price).thenComparing(p -> p.availabilityZone))
        .orElse(candidates.isEmpty() ? null : candidates.get(0));
  }

  private static String requestedSubnet(RequestSpotLaunchSpecification spec) {
    if (spec.subnetId() != null) {
      return spec.subnetId();
    }
    if (spec.hasNetworkInterfaces() && !spec.networkInterfaces().isEmpty()) {
      return spec.networkInterfaces().get(0).subnetId();
    }
    return null;
  }

  private void fulfil(SpotRequestEntry request, Instant at) {
    Pool pool = request.reservedPool;
    request.reservedPool = null;
    LaunchParams launch = launchParams(request.launchSpecification, pool, request.reservedSubnetId);
    InstanceEntry instance = launch(launch, "spot", request.clientToken, at);
    instance.spotInstanceRequestId = request.spotInstanceRequestId;
    request.instanceId = instance.instanceId;
    request.launchedAvailabilityZone = pool.availabilityZone;
    request.status("active", SpotStatus.FULFILLED, at);
  }

  private void releaseReservation(SpotRequestEntry request) {
    if (request.reservedPool != null) {
      request.reservedPool.giveBack();
      request.reservedPool = null;
    }
  }

  private InstanceEntry launch(LaunchParams launch, String lifecycle, String clientToken, Instant at) {
    List<InstanceEntry.Volume> volumes = new ArrayList<>();
    for (LaunchParams.BlockDevice device : launch.blockDevices()) {
      volumes.add(new InstanceEntry.Volume(ids.volume(), device, at));
    }
    InstanceEntry instance = new InstanceEntry(ids.instance(), ids.reservation(), launch, lifecycle,
        network.allocatePrivateIp(launch.subnetId()), clientToken, at, volumes);
    instance.moveTo("pending", at.plusSeconds(scenario.timing().bootSeconds()));
    assignAddresses(instance);
    instance.visibleFrom = visibleFrom(at);
    instances.put(instance.instanceId, instance);
    this.volumes.launchedWith(instance, at);
    return instance;
  }

  private LaunchParams launchParams(RequestSpotLaunchSpecification spec, Pool pool, String subnetId) {
    List<String> groups = new ArrayList<>();
    if (spec.hasSecurityGroupIds()) {
      groups.addAll(spec.securityGroupIds());
    }
    if (spec.hasNetworkInterfaces() && !spec.networkInterfaces().isEmpty()
        && spec.networkInterfaces().get(0).hasGroups()) {
      groups.addAll(spec.networkInterfaces().get(0).groups());
    }
    if (spec.hasSecurityGroups()) {
      spec.securityGroups().forEach(name -> groups.add(Views.groupIdForName(name)));
    }
    if (groups.isEmpty()) {
      groups.add(Views.DEFAULT_GROUP_ID);
    }
    List<LaunchParams.BlockDevice> devices = LaunchParams.devices(spec.blockDeviceMappings());
    return new LaunchParams(pool.instanceType, pool.availabilityZone, subnetId, spec.imageId(), spec.keyName(),
        groups, profileArn(spec.iamInstanceProfile()), Boolean.TRUE.equals(spec.ebsOptimized()),
        spec.monitoring() != null && Boolean.TRUE.equals(spec.monitoring().enabled()), spec.userData(),
        platformOf(spec.imageId(), pool.productDescription), devices, LaunchOptions.of(spec));
  }

  private static String profileArn(IamInstanceProfileSpecification profile) {
    if (profile == null) {
      return null;
    }
    if (profile.arn() != null) {
      return profile.arn();
    }
    return profile.name() == null ? null : "arn:aws:iam::" + ACCOUNT_ID + ":instance-profile/" + profile.name();
  }

  /** The addresses the launch options ask for: secondary private IPs, IPv6 addresses, a public IP. */
  private void assignAddresses(InstanceEntry instance) {
    LaunchOptions options = instance.launch.options();
    List<String> secondary = new ArrayList<>();
    for (int i = 0; i < options.secondaryPrivateIpCount(); i++) {
      secondary.add(network.allocatePrivateIp(instance.launch.subnetId()));
    }
    instance.secondaryPrivateIps = List.copyOf(secondary);
    String suffix = instance.instanceId.substring(instance.instanceId.length() - 4);
    List<String> ipv6 = new ArrayList<>();
    for (int i = 0; i < options.ipv6AddressCount(); i++) {
      ipv6.add("2600:1f18:7a3:" + suffix + "::" + Integer.toHexString(i + 10));
    }
    instance.ipv6Addresses = List.copyOf(ipv6);
    if (Boolean.TRUE.equals(options.associatePublicIp())) {
      int n = Integer.parseInt(suffix, 16);
      instance.publicIp = "3.80." + (n >> 8) + "." + (n & 0xff);
    }
  }

  /**
   * An instance's platform follows its AMI, as in EC2; the emulator knows an AMI's platform from the
   * scenario's instances launched from it, else the pool's product stands in.
   */
  String platformOf(String imageId, String fallback) {
    return instances.values().stream().filter(i -> i.launch.imageId() != null && i.launch.imageId().equals(imageId))
        .map(i -> i.launch.platform()).findFirst().orElse(fallback);
  }

  /** Every pool, in scenario order. */
  List<Pool> pools() {
    return new ArrayList<>(pools.values());
  }

  Optional<Pool> pool(String instanceType, String availabilityZone) {
    return Optional.ofNullable(pools.get(Pool.key(instanceType, availabilityZone)));
  }

  /** An instance launched at once, without a spot request (CreateFleet instant, RunInstances). */
  InstanceEntry launchNow(LaunchParams launch, String lifecycle, String clientToken, Map<String, String> tags) {
    InstanceEntry instance = launch(launch, lifecycle, clientToken, now);
    instance.tags.putAll(tags);
    return instance;
  }

  /** The scenario's instances, launched some hours before the start; spot ones with a fulfilled request. */
  private void seed(List<Scenario.InstanceSpec> specs) {
    SplittableRandom random = new SplittableRandom(scenario.seed() ^ 0x1a7c4L);
    for (Scenario.InstanceSpec spec : specs) {
      network.subnetIn(spec.availabilityZone());
      Instant launchTime = now.minus(Duration.ofMinutes(60 + random.nextInt(47 * 60)));
      LaunchParams launch = new LaunchParams(spec.instanceType(), spec.availabilityZone(), spec.subnetId(),
          spec.imageId(), spec.keyName(), spec.securityGroupIds(), spec.iamInstanceProfileArn(), spec.ebsOptimized(),
          spec.monitoring(), spec.userData(), spec.platform(), spec.rootKmsKeyId() == null ? List.of()
              : List.of(new LaunchParams.BlockDevice(LaunchParams.ROOT_DEVICE, 8, "gp3", true, true,
                  spec.rootKmsKeyId())), spec.options());
      List<InstanceEntry.Volume> volumes = new ArrayList<>();
      for (LaunchParams.BlockDevice device : launch.blockDevices()) {
        volumes.add(new InstanceEntry.Volume(ids.volume(), device, launchTime));
      }
      InstanceEntry instance = new InstanceEntry(spec.instanceId(), ids.reservation(), launch, spec.lifecycle(),
          network.allocatePrivateIp(spec.subnetId()), null, launchTime, volumes);
      instance.tags.putAll(spec.tags());
      assignAddresses(instance);
      for (LaunchOptions.SecondaryInterface nic : spec.options().secondaryInterfaces()) {
        Interfaces.Entry entry = interfaces.add(new Interfaces.Entry(nic.networkInterfaceId(), spec.subnetId(),
            spec.availabilityZone(), network.allocatePrivateIp(spec.subnetId())));
        entry.tags.putAll(nic.tags());
        entry.status = "in-use";
        entry.instanceId = instance.instanceId;
        entry.deviceIndex = nic.deviceIndex();
        entry.deleteOnTermination = nic.deleteOnTermination();
        entry.attachmentState = "attached";
        entry.attachTime = launchTime;
      }
      switch (spec.state()) {
        case "pending" -> instance.moveTo("pending", now.plusSeconds(scenario.timing().bootSeconds()));
        case "shutting-down" -> instance.shutDown(now, now.plus(SHUTDOWN), true);
        default -> {
          instance.moveTo(spec.state(), null);
          instance.runningSince = launchTime;
        }
      }
      if ("terminated".equals(spec.state())) {
        instance.terminatedAt = now;
      }
      instances.put(instance.instanceId, instance);
      if (!"terminated".equals(instance.state())) {
        this.volumes.launchedWith(instance, launchTime);
      }
      if ("spot".equals(spec.lifecycle())) {
        seedRequest(spec, instance);
      }
    }
  }

  private void seedRequest(Scenario.InstanceSpec spec, InstanceEntry instance) {
    RequestSpotLaunchSpecification.Builder launch = RequestSpotLaunchSpecification.builder()
        .imageId(spec.imageId())
        .instanceType(spec.instanceType())
        .keyName(spec.keyName())
        .securityGroupIds(spec.securityGroupIds())
        .subnetId(spec.subnetId())
        .placement(SpotPlacement.builder().availabilityZone(spec.availabilityZone()).build())
        .ebsOptimized(spec.ebsOptimized())
        .monitoring(RunInstancesMonitoringEnabled.builder().enabled(spec.monitoring()).build())
        .userData(spec.userData());
    if (spec.iamInstanceProfileArn() != null) {
      launch.iamInstanceProfile(IamInstanceProfileSpecification.builder().arn(spec.iamInstanceProfileArn()).build());
    }
    Instant created = instance.launchTime.minusSeconds(
        scenario.timing().evaluateSeconds() + (long) scenario.timing().fulfillSeconds());
    SpotRequestEntry request = new SpotRequestEntry(ids.spotRequest(), launch.build(), spec.spotRequestType(), null,
        null, created, null, created.plus(DEFAULT_VALIDITY), "terminate", spec.platform());
    request.instanceId = instance.instanceId;
    request.launchedAvailabilityZone = spec.availabilityZone();
    request.status("active", SpotStatus.FULFILLED, instance.launchTime);
    if (instance.isGone()) {
      request.status("closed", SpotStatus.TERMINATED_BY_USER, now);
    }
    instance.spotInstanceRequestId = request.spotInstanceRequestId;
    requests.put(request.spotInstanceRequestId, request);
  }
}
