package dev.spotreplacer.replace;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Finds a replacement an earlier delivery already asked for, by the tag every request carries
 * from its first moment, so a re-delivery resumes it instead of launching another.
 */
final class Replacements {

  private final Ec2Client ec2;

  Replacements(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** A spot request made for the interrupted instance that has, or may still get, an instance. */
  record Existing(String spotRequestId, String state, String code, String instanceId,
      String instanceType, String availabilityZone, Map<String, String> tags, List<String> others) {

    Existing {
      others = List.copyOf(others);
    }

    /** Another running replacement of the same instance was found: the one resumed is this. */
    Existing withOthers(List<String> value) {
      return new Existing(spotRequestId, state, code, instanceId, instanceType, availabilityZone, tags, value);
    }

    boolean hasInstance() {
      return instanceId != null && !instanceId.isEmpty();
    }
  }

  /**
   * A request first (it may still be open); else an instance tagged at launch by CreateFleet or
   * RunInstances, which leave no spot request to find.
   */
  Optional<Existing> find(String interruptedInstanceId) {
    List<SpotInstanceRequest> requests = requests(interruptedInstanceId);
    Optional<Existing> request = findRequest(requests);
    if (request.isEmpty()) {
      return findInstance(interruptedInstanceId);
    }
    // A request cancelled while it launched (request-canceled-and-instance-running) leaves an
    // instance nobody else tracks: any other live instance of ours for this original is one.
    String chosen = request.get().instanceId();
    List<String> others = requests.stream()
        .filter(r -> "active".equals(r.stateAsString()) || (r.status() != null
            && "request-canceled-and-instance-running".equals(r.status().code())))
        .map(SpotInstanceRequest::instanceId)
        .filter(id -> id != null && !id.isEmpty() && !id.equals(chosen))
        .distinct().toList();
    return Optional.of(request.get().withOthers(others));
  }

  private Optional<Existing> findInstance(String interruptedInstanceId) {
    try {
      List<Instance> found = ec2.describeInstances(b -> b.filters(
              Filter.builder().name("tag:" + TagKeys.REPLACES).values(interruptedInstanceId).build(),
              Filter.builder().name("instance-state-name").values("pending", "running").build()))
          .reservations().stream()
          .flatMap(r -> r.instances().stream())
          .sorted(Comparator.comparing(Instance::launchTime, Comparator.nullsLast(Comparator.naturalOrder())))
          .toList();
      List<String> others = found.stream().skip(1).map(Instance::instanceId).toList();
      return found.stream().findFirst()
          // Also finds a spot replacement whose request was cancelled after it launched
          // (request-canceled-and-instance-running): the instance is what counts.
          .map(i -> new Existing(i.spotInstanceRequestId(), i.state().nameAsString(), null, i.instanceId(),
              i.instanceTypeAsString(), i.placement() == null ? null : i.placement().availabilityZone(),
              // Launched by RunInstances or CreateFleet: the handover plan is on the instance.
              i.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(),
                  (a, b) -> a)),
              others));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeInstances");
    }
  }

  private List<SpotInstanceRequest> requests(String interruptedInstanceId) {
    try {
      return ec2.describeSpotInstanceRequests(b -> b.filters(
              Filter.builder().name("tag:" + TagKeys.REPLACES).values(interruptedInstanceId).build()))
          .spotInstanceRequests();
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeSpotInstanceRequests");
    }
  }

  private static Optional<Existing> findRequest(List<SpotInstanceRequest> requests) {
    Optional<Existing> request = requests.stream()
        .filter(r -> {
          String code = r.status() == null ? null : r.status().code();
          SpotStatus status = SpotStatus.of(r.stateAsString(), code, r.instanceId());
          return status == SpotStatus.FULFILLED || status == SpotStatus.WAITING;
        })
        // One with an instance wins; among equals, the oldest: that is the one others resumed.
        .min(Comparator.comparing((SpotInstanceRequest r) -> r.instanceId() == null)
            .thenComparing(SpotInstanceRequest::createTime, Comparator.nullsLast(Comparator.naturalOrder())))
        .map(r -> new Existing(r.spotInstanceRequestId(), r.stateAsString(),
            r.status() == null ? null : r.status().code(), r.instanceId(),
            r.launchSpecification() == null ? null : r.launchSpecification().instanceTypeAsString(),
            r.launchedAvailabilityZone() != null ? r.launchedAvailabilityZone()
                : r.launchSpecification() == null || r.launchSpecification().placement() == null ? null
                : r.launchSpecification().placement().availabilityZone(),
            r.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(),
                (a, b) -> a)), List.of()));
    return request;
  }
}
