package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * CreateLaunchTemplate / DeleteLaunchTemplate (kept here: only CreateFleet reads them), CreateFleet
 * of type instant, and RunInstances for on-demand instances. Fleet spot launches take capacity from
 * the same pools as spot requests; on-demand capacity is unlimited.
 */
final class LaunchActions {

  private final Market market;
  private final Map<String, StoredTemplate> templatesById = new LinkedHashMap<>();
  private final Map<String, SdkAnswer> byClientToken = new HashMap<>();
  private int nextTemplate = 1;
  private int nextFleet = 1;

  private record StoredTemplate(String id, String name, RequestLaunchTemplateData data, LaunchTemplate view,
      Map<String, String> tags) {}

  /** What a call with a ClientToken answered, so a repeat gets the same answer and launches nothing. */
  private record SdkAnswer(Object request, Object response) {}

  private final Filters<StoredTemplate> filters = new Filters<StoredTemplate>()
      .field("launch-template-name", StoredTemplate::name)
      .field("create-time", t -> XmlWriter.timestamp(t.view().createTime()))
      .tags(StoredTemplate::tags);

  LaunchActions(Market market) {
    this.market = market;
  }

  CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest request) {
    String name = request.launchTemplateName();
    if (name == null || name.isEmpty()) {
      throw Ec2Fault.missing("LaunchTemplateName");
    }
    if (request.launchTemplateData() == null) {
      throw Ec2Fault.missing("LaunchTemplateData");
    }
    Checks.dryRun(request.dryRun());
    Optional<Object> repeat = repeated(request.clientToken(), request.toBuilder().dryRun(null).build());
    if (repeat.isPresent()) {
      return (CreateLaunchTemplateResponse) repeat.get();
    }
    if (byName(name).isPresent()) {
      throw new Ec2Fault("InvalidLaunchTemplateName.AlreadyExistsException",
          "Launch template name already in use.");
    }
    Map<String, String> tags = resourceTags(request.tagSpecifications(), "launch-template");
    String id = String.format("lt-%017x", 0x0abc0000L + nextTemplate++);
    LaunchTemplate view = LaunchTemplate.builder().launchTemplateId(id).launchTemplateName(name)
        .createTime(market.now()).createdBy("arn:aws:iam::" + Market.ACCOUNT_ID + ":root")
        .defaultVersionNumber(1L).latestVersionNumber(1L).tags(Views.tags(tags)).build();
    templatesById.put(id, new StoredTemplate(id, name, request.launchTemplateData(), view, tags));
    CreateLaunchTemplateResponse response = CreateLaunchTemplateResponse.builder().launchTemplate(view).build();
    remember(request.clientToken(), request.toBuilder().dryRun(null).build(), response);
    return response;
  }

  DeleteLaunchTemplateResponse deleteLaunchTemplate(DeleteLaunchTemplateRequest request) {
    StoredTemplate template = template(request.launchTemplateId(), request.launchTemplateName());
    Checks.dryRun(request.dryRun());
    templatesById.remove(template.id());
    return DeleteLaunchTemplateResponse.builder().launchTemplate(template.view()).build();
  }

  /** By id or name (an unknown one is an error, as in EC2), else every template the filters match. */
  DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest request) {
    Predicate<StoredTemplate> match = filters.compile(request.filters());
    List<StoredTemplate> candidates = new ArrayList<>();
    request.launchTemplateIds().forEach(id -> candidates.add(template(id, null)));
    request.launchTemplateNames().forEach(name -> candidates.add(template(null, name)));
    if (candidates.isEmpty()) {
      candidates.addAll(templatesById.values());
    }
    Checks.dryRun(request.dryRun());
    List<StoredTemplate> selected = candidates.stream().filter(match).toList();
    Paging.Page<StoredTemplate> page = Paging.page(selected, request.maxResults(), request.nextToken(), 1, 200);
    return DescribeLaunchTemplatesResponse.builder()
        .launchTemplates(page.items().stream().map(StoredTemplate::view).toList())
        .nextToken(page.nextToken())
        .build();
  }

  /** Every template here has one version: 1, also known as $Latest and $Default. */
  DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest request) {
    StoredTemplate template = template(request.launchTemplateId(), request.launchTemplateName());
    for (String version : request.versions()) {
      if (!Set.of("1", "$Latest", "$Default").contains(version)) {
        throw new Ec2Fault("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version "
            + version + " for " + template.id() + ".");
      }
    }
    Checks.dryRun(request.dryRun());
    LaunchTemplateVersion version = LaunchTemplateVersion.builder()
        .launchTemplateId(template.id())
        .launchTemplateName(template.name())
        .versionNumber(1L)
        .createTime(template.view().createTime())
        .createdBy(template.view().createdBy())
        .defaultVersion(true)
        .launchTemplateData(ShapeCopy.copy(template.data(), ResponseLaunchTemplateData::builder))
        .build();
    return DescribeLaunchTemplateVersionsResponse.builder().launchTemplateVersions(version).build();
  }

  CreateFleetResponse createFleet(CreateFleetRequest request) {
    if (!request.hasLaunchTemplateConfigs() || request.launchTemplateConfigs().isEmpty()) {
      throw Ec2Fault.missing("LaunchTemplateConfigs");
    }
    if (request.targetCapacitySpecification() == null
        || request.targetCapacitySpecification().totalTargetCapacity() == null) {
      throw Ec2Fault.missing("TargetCapacitySpecification.TotalTargetCapacity");
    }
    if (!"instant".equals(request.typeAsString())) {
      throw Ec2Fault.invalid("Type", request.typeAsString(), "The emulator serves fleets of type instant only.");
    }
    String capacityType = request.targetCapacitySpecification().defaultTargetCapacityTypeAsString();
    boolean spot = capacityType == null || "spot".equals(capacityType);
    List<Candidate> candidates = new ArrayList<>();
    for (FleetLaunchTemplateConfigRequest config : request.launchTemplateConfigs()) {
      if (config.launchTemplateSpecification() == null) {
        throw Ec2Fault.missing("LaunchTemplateConfigs.LaunchTemplateSpecification");
      }
      StoredTemplate template = template(config.launchTemplateSpecification().launchTemplateId(),
          config.launchTemplateSpecification().launchTemplateName());
      List<FleetLaunchTemplateOverridesRequest> overrides = config.hasOverrides() && !config.overrides().isEmpty()
          ? config.overrides() : List.of(FleetLaunchTemplateOverridesRequest.builder().build());
      for (FleetLaunchTemplateOverridesRequest override : overrides) {
        candidates.add(candidate(template, override));
      }
    }
    Checks.dryRun(request.dryRun());
    Optional<Object> repeat = repeated(request.clientToken(), request.toBuilder().dryRun(null).build());
    if (repeat.isPresent()) {
      return (CreateFleetResponse) repeat.get();
    }
    String fleetId = String.format("fleet-%08x-0000-4000-8000-%012x", nextFleet, (long) nextFleet);
    nextFleet++;
    Map<String, String> tags = instanceTags(request.tagSpecifications());
    tags.put("aws:ec2:fleet-id", fleetId);
    int wanted = request.targetCapacitySpecification().totalTargetCapacity();
    List<CreateFleetInstance> launched = new ArrayList<>();
    List<CreateFleetError> errors = new ArrayList<>();
    for (int n = 0; n < wanted; n++) {
      Optional<Candidate> best = spot ? bestSpot(candidates, errors) : Optional.of(candidates.get(0));
      if (best.isEmpty()) {
        break;
      }
      Candidate chosen = best.get();
      chosen.pool().ifPresent(Pool::take);
      Map<String, String> all = new LinkedHashMap<>(templateTags(chosen.template().data()));
      all.putAll(tags);
      InstanceEntry instance = market.launchNow(chosen.launch(), spot ? "spot" : "on-demand",
          request.clientToken(), all);
      launched.add(CreateFleetInstance.builder()
          .launchTemplateAndOverrides(chosen.view())
          .lifecycle(spot ? "spot" : "on-demand")
          .instanceIds(instance.instanceId)
          .instanceType(chosen.launch().instanceType())
          .build());
    }
    CreateFleetResponse response = CreateFleetResponse.builder().fleetId(fleetId)
        .instances(launched).errors(launched.isEmpty() ? errors : List.of()).build();
    remember(request.clientToken(), request.toBuilder().dryRun(null).build(), response);
    return response;
  }

  /** One override resolved against its template: what it would launch and in which pool. */
  private record Candidate(StoredTemplate template, LaunchParams launch, Optional<Pool> pool, BigDecimal maxPrice,
      LaunchTemplateAndOverridesResponse view) {}

  private Candidate candidate(StoredTemplate template, FleetLaunchTemplateOverridesRequest override) {
    RequestLaunchTemplateData data = template.data();
    String type = override.instanceTypeAsString() != null ? override.instanceTypeAsString() : data.instanceTypeAsString();
    if (type == null) {
      throw Ec2Fault.missing("LaunchTemplateConfigs.Overrides.InstanceType");
    }
    String subnetId = override.subnetId();
    String zone = override.availabilityZone();
    if (subnetId != null) {
      String asked = subnetId;
      Network.Subnet subnet = market.network().subnet(asked).orElseThrow(() ->
          Ec2Fault.notFound("InvalidSubnetID.NotFound", "subnet", List.of(asked)));
      zone = subnet.availabilityZone();
    } else {
      if (zone == null) {
        zone = market.network().zones().get(0);
      }
      subnetId = market.network().subnetIn(zone);
    }
    Optional<Pool> pool = market.pool(type, zone);
    String platform = pool.map(p -> p.productDescription).orElse("Linux/UNIX");
    LaunchParams launch = new LaunchParams(type, zone, subnetId, data.imageId(), data.keyName(),
        templateGroups(data),
        data.iamInstanceProfile() == null ? null : data.iamInstanceProfile().arn(),
        Boolean.TRUE.equals(data.ebsOptimized()),
        data.monitoring() != null && Boolean.TRUE.equals(data.monitoring().enabled()),
        data.userData(), market.platformOf(data.imageId(), platform), templateDevices(data), LaunchOptions.of(data));
    LaunchTemplateAndOverridesResponse view = LaunchTemplateAndOverridesResponse.builder()
        .launchTemplateSpecification(FleetLaunchTemplateSpecification.builder()
            .launchTemplateId(template.id()).launchTemplateName(template.name()).version("1").build())
        .overrides(FleetLaunchTemplateOverrides.builder().instanceType(type).subnetId(subnetId)
            .availabilityZone(zone).maxPrice(override.maxPrice()).build())
        .build();
    BigDecimal maxPrice = override.maxPrice() == null ? null : new BigDecimal(override.maxPrice());
    return new Candidate(template, launch, pool, maxPrice, view);
  }

  /**
   * price-capacity-optimized, simplified: of the pools that can launch now within their max price,
   * those with the most free capacity (at least half the best), then the cheapest of them.
   */
  private static Optional<Candidate> bestSpot(List<Candidate> candidates, List<CreateFleetError> errors) {
    errors.clear();
    List<Candidate> able = new ArrayList<>();
    for (Candidate c : candidates) {
      String code = c.pool().isEmpty() ? "Unsupported"
          : c.pool().get().failWith != null || c.pool().get().capacity() <= 0 ? "InsufficientInstanceCapacity"
          : c.maxPrice() != null && c.maxPrice().compareTo(c.pool().get().price) < 0 ? "SpotMaxPriceTooLow"
          : null;
      if (code == null) {
        able.add(c);
      } else {
        errors.add(CreateFleetError.builder().launchTemplateAndOverrides(c.view()).lifecycle("spot")
            .errorCode(code).errorMessage(message(code, c)).build());
      }
    }
    int most = able.stream().mapToInt(c -> c.pool().get().capacity()).max().orElse(0);
    return able.stream()
        .filter(c -> c.pool().get().capacity() * 2 >= most)
        .min(Comparator.comparing((Candidate c) -> c.pool().get().price)
            .thenComparing(c -> c.launch().availabilityZone()).thenComparing(c -> c.launch().instanceType()));
  }

  private static String message(String code, Candidate c) {
    String pool = c.launch().instanceType() + " in " + c.launch().availabilityZone();
    return switch (code) {
      case "Unsupported" -> "The requested configuration is currently not supported: " + pool + " is not offered.";
      case "SpotMaxPriceTooLow" -> "Your Spot request price of " + c.maxPrice().toPlainString()
          + " is lower than the minimum required Spot request fulfillment price for " + pool + ".";
      default -> "There is no Spot capacity available that matches your request for " + pool + ".";
    };
  }

  RunInstancesResponse runInstances(RunInstancesRequest request) {
    if (request.imageId() == null || request.imageId().isEmpty()) {
      throw Ec2Fault.missing("ImageId");
    }
    if (request.minCount() == null || request.maxCount() == null) {
      throw Ec2Fault.missing(request.minCount() == null ? "MinCount" : "MaxCount");
    }
    if (request.minCount() < 1 || request.maxCount() < request.minCount()) {
      throw Ec2Fault.invalid("MinCount", request.minCount(), "It must be at least 1 and at most MaxCount.");
    }
    String market = request.instanceMarketOptions() == null ? null
        : request.instanceMarketOptions().marketTypeAsString();
    if (market != null && !"spot".equals(market)) {
      throw Ec2Fault.invalid("InstanceMarketOptions.MarketType", market, "It must be spot.");
    }
    boolean spot = "spot".equals(market);
    InstanceNetworkInterfaceSpecification nic = request.hasNetworkInterfaces() && !request.networkInterfaces().isEmpty()
        ? request.networkInterfaces().get(0) : null;
    if (nic != null && request.subnetId() != null) {
      throw new Ec2Fault("InvalidParameterCombination",
          "Network interfaces and an instance-level subnet ID may not be specified on the same request");
    }
    if (nic != null && !request.securityGroupIds().isEmpty()) {
      throw new Ec2Fault("InvalidParameterCombination",
          "Network interfaces and an instance-level security groups may not be specified on the same request");
    }
    String type = request.instanceTypeAsString() == null ? "m1.small" : request.instanceTypeAsString();
    String subnetId = nic != null ? nic.subnetId() : request.subnetId();
    String zone;
    if (subnetId != null) {
      zone = this.market.network().subnet(subnetId).orElseThrow(() ->
          Ec2Fault.notFound("InvalidSubnetID.NotFound", "subnet", List.of(subnetId))).availabilityZone();
    } else {
      zone = request.placement() != null && request.placement().availabilityZone() != null
          ? request.placement().availabilityZone() : this.market.network().zones().get(0);
    }
    String subnet = subnetId != null ? subnetId : this.market.network().subnetIn(zone);
    List<String> groups = nic != null ? nic.groups() : request.securityGroupIds();
    Map<String, String> tags = instanceTags(request.tagSpecifications());
    Checks.dryRun(request.dryRun());
    Optional<Object> repeat = repeated(request.clientToken(), request.toBuilder().dryRun(null).build());
    if (repeat.isPresent()) {
      return (RunInstancesResponse) repeat.get();
    }
    Optional<Pool> pool = spot ? Optional.of(spotPool(type, zone, request.instanceMarketOptions().spotOptions()
        == null ? null : request.instanceMarketOptions().spotOptions().maxPrice(), request.maxCount()))
        : Optional.empty();
    List<LaunchParams.BlockDevice> devices = LaunchParams.devices(request.blockDeviceMappings());
    LaunchParams launch = new LaunchParams(type, zone, subnet, request.imageId(), request.keyName(),
        groups.isEmpty() ? List.of(Views.DEFAULT_GROUP_ID) : groups,
        request.iamInstanceProfile() == null ? null : request.iamInstanceProfile().arn(),
        Boolean.TRUE.equals(request.ebsOptimized()),
        request.monitoring() != null && Boolean.TRUE.equals(request.monitoring().enabled()),
        request.userData(), this.market.platformOf(request.imageId(), pool.map(p -> p.productDescription)
            .orElse("Linux/UNIX")), devices, LaunchOptions.of(request));
    List<InstanceEntry> launched = new ArrayList<>();
    for (int i = 0; i < request.maxCount(); i++) {
      pool.ifPresent(Pool::take);
      launched.add(this.market.launchNow(launch, spot ? "spot" : "on-demand", request.clientToken(), tags));
    }
    RunInstancesResponse response = RunInstancesResponse.builder()
        .reservationId(launched.get(0).reservationId)
        .ownerId(Market.ACCOUNT_ID)
        .groups(List.of())
        .instances(launched.stream().map(i -> Views.instance(i, this.market.network(), this.market.volumes())).toList())
        .build();
    remember(request.clientToken(), request.toBuilder().dryRun(null).build(), response);
    return response;
  }

  /**
   * The pool a RunInstances spot launch takes its capacity from. Unlike a spot request it does not
   * wait: EC2 refuses at once when the pool cannot take {@code count} instances or the price is too low.
   */
  private Pool spotPool(String type, String zone, String maxPrice, int count) {
    Pool pool = this.market.pool(type, zone).orElseThrow(() -> new Ec2Fault("Unsupported",
        "The requested configuration is currently not supported: " + type + " is not offered as spot in " + zone + "."));
    if (pool.failWith != null || pool.capacity() < count) {
      throw new Ec2Fault("InsufficientInstanceCapacity", "There is no Spot capacity available that matches your"
          + " request for " + type + " in " + zone + ".");
    }
    if (maxPrice != null && new BigDecimal(maxPrice).compareTo(pool.price) < 0) {
      throw new Ec2Fault("SpotMaxPriceTooLow", "Your Spot request price of " + maxPrice + " is lower than the"
          + " minimum required Spot request fulfillment price of " + pool.price.toPlainString() + ".");
    }
    return pool;
  }

  private Optional<StoredTemplate> byName(String name) {
    return templatesById.values().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private StoredTemplate template(String id, String name) {
    if (id != null) {
      StoredTemplate found = templatesById.get(id);
      if (found == null) {
        throw new Ec2Fault("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
            + id + ", does not exist.");
      }
      return found;
    }
    if (name == null) {
      throw Ec2Fault.missing("LaunchTemplateId or LaunchTemplateName");
    }
    return byName(name).orElseThrow(() -> new Ec2Fault("InvalidLaunchTemplateName.NotFoundException",
        "The specified launch template, with template name " + name + ", does not exist."));
  }

  private Optional<Object> repeated(String clientToken, Object request) {
    if (clientToken == null) {
      return Optional.empty();
    }
    SdkAnswer answer = byClientToken.get(clientToken);
    if (answer == null) {
      return Optional.empty();
    }
    if (!answer.request().equals(request)) {
      throw new Ec2Fault("IdempotentParameterMismatch",
          "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
    }
    return Optional.of(answer.response());
  }

  private void remember(String clientToken, Object request, Object response) {
    if (clientToken != null) {
      byClientToken.put(clientToken, new SdkAnswer(request, response));
    }
  }

  /** Tags for resource type instance; other resource types are accepted and ignored. */
  private static Map<String, String> instanceTags(List<TagSpecification> specifications) {
    return resourceTags(specifications, "instance");
  }

  private static Map<String, String> resourceTags(List<TagSpecification> specifications, String resourceType) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < specifications.size(); i++) {
      TagSpecification specification = specifications.get(i);
      Checks.tags(specification.tags(), "TagSpecification." + (i + 1) + ".Tag");
      if (resourceType.equals(specification.resourceTypeAsString())) {
        specification.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
      }
    }
    return tags;
  }

  private static Map<String, String> templateTags(RequestLaunchTemplateData data) {
    Map<String, String> tags = new LinkedHashMap<>();
    data.tagSpecifications().stream().filter(s -> "instance".equals(s.resourceTypeAsString()))
        .forEach(s -> s.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value())));
    return tags;
  }

  /** The template's security groups: on its network interface when it has one, as in EC2. */
  private static List<String> templateGroups(RequestLaunchTemplateData data) {
    if (data.hasNetworkInterfaces() && !data.networkInterfaces().isEmpty()
        && !data.networkInterfaces().get(0).groups().isEmpty()) {
      return data.networkInterfaces().get(0).groups();
    }
    return data.hasSecurityGroupIds() && !data.securityGroupIds().isEmpty() ? data.securityGroupIds()
        : List.of(Views.DEFAULT_GROUP_ID);
  }

  private static List<LaunchParams.BlockDevice> templateDevices(RequestLaunchTemplateData data) {
    List<LaunchParams.BlockDevice> devices = new ArrayList<>();
    for (LaunchTemplateBlockDeviceMappingRequest mapping : data.blockDeviceMappings()) {
      if (mapping.ebs() != null) {
        boolean encrypted = Boolean.TRUE.equals(mapping.ebs().encrypted());
        devices.add(new LaunchParams.BlockDevice(mapping.deviceName(),
            mapping.ebs().volumeSize() == null ? 8 : mapping.ebs().volumeSize(),
            mapping.ebs().volumeTypeAsString() == null ? "gp3" : mapping.ebs().volumeTypeAsString(),
            mapping.ebs().deleteOnTermination() == null || mapping.ebs().deleteOnTermination(),
            encrypted, encrypted ? LaunchParams.defaultKey(mapping.ebs().kmsKeyId()) : null));
      }
    }
    return devices;
  }
}
