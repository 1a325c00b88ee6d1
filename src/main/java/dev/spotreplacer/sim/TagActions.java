package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** CreateTags, DeleteTags and DescribeTags, on instances and spot instance requests. */
final class TagActions {

  /** A taggable resource: its id, EC2 resource type and (live) tag map. */
  private record Target(String resourceId, String resourceType, Map<String, String> tags) {}

  /** One row of DescribeTags. */
  private record Row(Target target, String key, String value) {}

  private final Market market;
  private final Filters<Row> filters;

  TagActions(Market market) {
    this.market = market;
    this.filters = new Filters<Row>()
        .field("key", Row::key)
        .field("value", Row::value)
        .field("resource-id", row -> row.target().resourceId())
        .field("resource-type", row -> row.target().resourceType())
        .tags(row -> row.target().tags());
  }

  CreateTagsResponse createTags(CreateTagsRequest request) {
    List<Target> targets = targets(Checks.required(request.resources(), "ResourceId"));
    if (request.tags().isEmpty()) {
      throw Ec2Fault.missing("Tag");
    }
    Checks.tags(request.tags(), "Tag");
    targets.forEach(target -> Checks.tagLimit(target.tags(), request.tags()));
    Checks.dryRun(request.dryRun());
    for (Target target : targets) {
      request.tags().forEach(tag -> target.tags().put(tag.key(), tag.value() == null ? "" : tag.value()));
    }
    return CreateTagsResponse.builder().build();
  }

  DeleteTagsResponse deleteTags(DeleteTagsRequest request) {
    List<Target> targets = targets(Checks.required(request.resources(), "ResourceId"));
    for (int i = 0; i < request.tags().size(); i++) {
      if (request.tags().get(i).key() == null) {
        throw Ec2Fault.missing("Tag." + (i + 1) + ".Key");
      }
    }
    Checks.dryRun(request.dryRun());
    for (Target target : targets) {
      if (request.tags().isEmpty()) {
        // No tags named: EC2 deletes all of the resource's tags.
        target.tags().clear();
      }
      for (Tag tag : request.tags()) {
        // With a value, the tag goes only if its value matches; without one it goes whatever its value.
        if (tag.value() == null || tag.value().equals(target.tags().get(tag.key()))) {
          target.tags().remove(tag.key());
        }
      }
    }
    return DeleteTagsResponse.builder().build();
  }

  DescribeTagsResponse describeTags(DescribeTagsRequest request) {
    Predicate<Row> match = filters.compile(request.filters());
    Checks.dryRun(request.dryRun());
    List<Row> rows = new ArrayList<>();
    for (InstanceEntry instance : market.instances()) {
      Target target = new Target(instance.instanceId, "instance", instance.tags);
      instance.tags.forEach((key, value) -> rows.add(new Row(target, key, value)));
    }
    for (SpotRequestEntry spotRequest : market.requests()) {
      Target target = new Target(spotRequest.spotInstanceRequestId, SpotActions.TAGGABLE_TYPE, spotRequest.tags);
      spotRequest.tags.forEach((key, value) -> rows.add(new Row(target, key, value)));
    }
    List<Row> selected = rows.stream().filter(match).toList();
    Paging.Page<Row> page = Paging.page(selected, request.maxResults(), request.nextToken(), 5, 1000);
    return DescribeTagsResponse.builder()
        .tags(page.items().stream()
            .map(row -> TagDescription.builder()
                .resourceId(row.target().resourceId())
                .resourceType(row.target().resourceType())
                .key(row.key())
                .value(row.value())
                .build())
            .toList())
        .nextToken(page.nextToken())
        .build();
  }

  private List<Target> targets(List<String> resourceIds) {
    List<Target> targets = new ArrayList<>();
    for (String id : resourceIds) {
      if (id.startsWith("i-")) {
        Checks.instanceIdFormat(id);
        InstanceEntry instance = market.instance(id).orElseThrow(
            () -> Ec2Fault.notFound("InvalidInstanceID.NotFound", "instance", List.of(id)));
        targets.add(new Target(id, "instance", instance.tags));
      } else if (id.startsWith("sir-")) {
        Checks.spotRequestIdFormat(id);
        SpotRequestEntry request = market.request(id).orElseThrow(() -> Ec2Fault.notFound(
            "InvalidSpotInstanceRequestID.NotFound", "spot instance request", List.of(id)));
        targets.add(new Target(id, SpotActions.TAGGABLE_TYPE, request.tags));
      } else {
        throw new Ec2Fault("InvalidID", "The ID '" + id + "' is not valid");
      }
    }
    return targets;
  }
}
