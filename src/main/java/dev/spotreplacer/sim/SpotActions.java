package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.CancelSpotInstanceRequestsRequest;
import software.amazon.awssdk.services.ec2.model.CancelSpotInstanceRequestsResponse;
import software.amazon.awssdk.services.ec2.model.CancelledSpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotInstanceRequestsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotInstanceRequestsResponse;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesResponse;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** RequestSpotInstances, DescribeSpotInstanceRequests and CancelSpotInstanceRequests. */
final class SpotActions {

  static final String TAGGABLE_TYPE = "spot-instances-request";
  private static final Set<String> TYPES = Set.of("one-time", "persistent");
  private static final Set<String> INTERRUPTION_BEHAVIOURS = Set.of("terminate", "stop", "hibernate");
  private static final int MAX_INSTANCE_COUNT = 20;

  private final Market market;
  private final Filters<SpotRequestEntry> filters;

  SpotActions(Market market) {
    this.market = market;
    this.filters = new Filters<SpotRequestEntry>()
        .field("spot-instance-request-id", r -> r.spotInstanceRequestId)
        .field("state", r -> r.state)
        .field("status-code", r -> r.statusCode)
        .field("status-message", r -> r.statusMessage)
        .field("type", r -> r.type)
        .field("instance-id", r -> r.instanceId)
        .field("launched-availability-zone", r -> r.launchedAvailabilityZone)
        .field("launch.instance-type", r -> r.launchSpecification.instanceTypeAsString())
        .field("launch.image-id", r -> r.launchSpecification.imageId())
        .field("launch.key-name", r -> r.launchSpecification.keyName())
        .multi("launch.group-id", r -> r.launchSpecification.securityGroupIds())
        .field("product-description", r -> r.productDescription)
        .field("spot-price", r -> r.spotPrice)
        .field("create-time", r -> XmlWriter.timestamp(r.createTime))
        .tags(r -> r.tags);
  }

  RequestSpotInstancesResponse requestSpotInstances(RequestSpotInstancesRequest request) {
    RequestSpotLaunchSpecification spec = request.launchSpecification();
    if (spec == null) {
      throw Ec2Fault.missing("LaunchSpecification");
    }
    if (spec.imageId() == null || spec.imageId().isEmpty()) {
      throw Ec2Fault.missing("LaunchSpecification.ImageId");
    }
    if (spec.instanceTypeAsString() == null || spec.instanceTypeAsString().isEmpty()) {
      throw Ec2Fault.missing("LaunchSpecification.InstanceType");
    }
    int count = request.instanceCount() == null ? 1 : request.instanceCount();
    if (count < 1 || count > MAX_INSTANCE_COUNT) {
      throw Ec2Fault.invalid("InstanceCount", count, "It must be between 1 and " + MAX_INSTANCE_COUNT + ".");
    }
    String type = request.typeAsString() == null ? "one-time" : request.typeAsString();
    if (!TYPES.contains(type)) {
      throw Ec2Fault.invalid("Type", type, "It must be one-time or persistent.");
    }
    String spotPrice = spotPrice(request.spotPrice());
    if (request.validUntil() != null && !request.validUntil().isAfter(market.now())) {
      throw Ec2Fault.invalid("ValidUntil", XmlWriter.timestamp(request.validUntil()), "It must be in the future.");
    }
    if (request.validFrom() != null && request.validUntil() != null
        && !request.validFrom().isBefore(request.validUntil())) {
      throw Ec2Fault.invalid("ValidFrom", XmlWriter.timestamp(request.validFrom()), "It must be before ValidUntil.");
    }
    String behaviour = request.instanceInterruptionBehaviorAsString() == null
        ? "terminate" : request.instanceInterruptionBehaviorAsString();
    if (!INTERRUPTION_BEHAVIOURS.contains(behaviour)) {
      throw Ec2Fault.invalid("InstanceInterruptionBehavior", behaviour, "It must be terminate, stop or hibernate.");
    }
    if (!"terminate".equals(behaviour) && !"persistent".equals(type)) {
      throw new Ec2Fault("InvalidParameterCombination",
          "InstanceInterruptionBehavior " + behaviour + " is only supported for persistent requests");
    }
    String clientToken = request.clientToken();
    if (clientToken != null && (clientToken.isEmpty() || clientToken.length() > 64)) {
      throw Ec2Fault.invalid("ClientToken", clientToken, "It must be 1 to 64 characters long.");
    }
    Map<String, String> tags = tags(request.tagSpecifications());
    Checks.dryRun(request.dryRun());

    if (clientToken != null) {
      // Same token, same request: answer with what the first call created; a new request must not start.
      RequestSpotInstancesRequest asked = request.toBuilder().dryRun(null).build();
      Optional<Market.TokenUse> use = market.tokenUse(clientToken);
      if (use.isPresent()) {
        if (!use.get().request().equals(asked)) {
          throw new Ec2Fault("IdempotentParameterMismatch",
              "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
        }
        return response(use.get().spotInstanceRequestIds());
      }
      List<String> created = open(request, spec, type, spotPrice, behaviour, tags, count);
      market.rememberToken(clientToken, new Market.TokenUse(asked, created));
      return response(created);
    }
    return response(open(request, spec, type, spotPrice, behaviour, tags, count));
  }

  private List<String> open(RequestSpotInstancesRequest request, RequestSpotLaunchSpecification spec, String type,
      String spotPrice, String behaviour, Map<String, String> tags, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(market.openRequest(spec, type, spotPrice, request.clientToken(), request.validFrom(),
          request.validUntil(), behaviour, tags).spotInstanceRequestId);
    }
    return ids;
  }

  private RequestSpotInstancesResponse response(List<String> ids) {
    return RequestSpotInstancesResponse.builder()
        .spotInstanceRequests(ids.stream()
            .map(id -> Views.spotRequest(market.knownRequest(id).orElseThrow(), market.network()))
            .toList())
        .build();
  }

  private static String spotPrice(String price) {
    if (price == null) {
      return null;
    }
    try {
      if (new BigDecimal(price.trim()).signum() > 0) {
        return price.trim();
      }
    } catch (NumberFormatException e) {
      // reported below with the parameter's name
    }
    throw Ec2Fault.invalid("SpotPrice", price, "It must be a positive decimal number.");
  }

  /** EC2 only lets RequestSpotInstances tag the request itself. */
  private static Map<String, String> tags(List<TagSpecification> specifications) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < specifications.size(); i++) {
      TagSpecification specification = specifications.get(i);
      String field = "TagSpecification." + (i + 1);
      String resourceType = specification.resourceTypeAsString();
      if (resourceType == null) {
        throw Ec2Fault.missing(field + ".ResourceType");
      }
      if (!TAGGABLE_TYPE.equals(resourceType)) {
        throw new Ec2Fault("InvalidParameterValue", "'" + resourceType
            + "' is not a valid taggable resource type for this operation. Use " + TAGGABLE_TYPE + ".");
      }
      Checks.tags(specification.tags(), field + ".Tag");
      specification.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
    }
    if (tags.size() > Checks.MAX_TAGS) {
      throw new Ec2Fault("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
    }
    return tags;
  }

  DescribeSpotInstanceRequestsResponse describeSpotInstanceRequests(DescribeSpotInstanceRequestsRequest request) {
    List<String> ids = Checks.distinct(request.spotInstanceRequestIds());
    Predicate<SpotRequestEntry> match = filters.compile(request.filters());
    List<SpotRequestEntry> candidates = ids.isEmpty() ? market.requests() : existing(ids);
    Checks.dryRun(request.dryRun());
    List<SpotRequestEntry> selected = candidates.stream().filter(match).toList();
    Paging.Page<SpotRequestEntry> page =
        Paging.page(selected, request.maxResults(), request.nextToken(), 5, 1000);
    return DescribeSpotInstanceRequestsResponse.builder()
        .spotInstanceRequests(page.items().stream().map(r -> Views.spotRequest(r, market.network())).toList())
        .nextToken(page.nextToken())
        .build();
  }

  CancelSpotInstanceRequestsResponse cancelSpotInstanceRequests(CancelSpotInstanceRequestsRequest request) {
    List<SpotRequestEntry> targets =
        existing(Checks.required(request.spotInstanceRequestIds(), "SpotInstanceRequestId"));
    Checks.dryRun(request.dryRun());
    List<CancelledSpotInstanceRequest> cancelled = new ArrayList<>();
    for (SpotRequestEntry target : targets) {
      market.cancel(target);
      cancelled.add(CancelledSpotInstanceRequest.builder()
          .spotInstanceRequestId(target.spotInstanceRequestId)
          .state(target.state)
          .build());
    }
    return CancelSpotInstanceRequestsResponse.builder().cancelledSpotInstanceRequests(cancelled).build();
  }

  private List<SpotRequestEntry> existing(List<String> ids) {
    ids.forEach(Checks::spotRequestIdFormat);
    List<SpotRequestEntry> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      market.request(id).ifPresentOrElse(found::add, () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      throw Ec2Fault.notFound("InvalidSpotInstanceRequestID.NotFound", "spot instance request", missing);
    }
    return found;
  }
}
