package dev.spotreplacer.replace;

import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;

/**
 * Polls a spot request until it has an instance, and the instance until it runs.
 *
 * <p>Not the SDK waiters: they treat capacity-not-available as "keep waiting" (we must switch
 * pools) and sleep on the wall clock (we sleep on an injected one, virtual in tests).
 */
final class Watcher {

  private final Ec2Client ec2;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;

  Watcher(Ec2Client ec2, Clock clock, Sleeper sleeper, Supplier<RandomGenerator> random) {
    this.ec2 = ec2;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** How a watch over a spot request ended. */
  sealed interface RequestEnd {
    record Fulfilled(String instanceId, String code) implements RequestEnd {}

    record Rejected(SpotStatus status, String state, String code, String message) implements RequestEnd {}

    record OutOfTime(String state, String code) implements RequestEnd {}
  }

  /** How a watch over an instance ended. */
  sealed interface InstanceEnd {
    record Running() implements InstanceEnd {}

    record Gone(String state) implements InstanceEnd {}

    record OutOfTime(String state) implements InstanceEnd {}
  }

  RequestEnd awaitFulfilment(String spotRequestId, Instant deadline) throws InterruptedException {
    Backoff backoff = Backoff.polling(random.get());
    String state = "open";
    String code = "pending-evaluation";
    while (true) {
      Optional<SpotInstanceRequest> seen = describeRequest(spotRequestId);
      if (seen.isPresent()) {
        SpotInstanceRequest request = seen.get();
        state = request.stateAsString();
        code = request.status() == null ? null : request.status().code();
        SpotStatus status = SpotStatus.of(state, code, request.instanceId());
        if (status == SpotStatus.FULFILLED) {
          return new RequestEnd.Fulfilled(request.instanceId(), code);
        }
        if (status != SpotStatus.WAITING) {
          return new RequestEnd.Rejected(status, state, code,
              request.status() == null ? null : request.status().message());
        }
      }
      if (!pause(backoff, deadline)) {
        return new RequestEnd.OutOfTime(state, code);
      }
    }
  }

  InstanceEnd awaitRunning(String instanceId, Instant deadline) throws InterruptedException {
    Backoff backoff = Backoff.booting(random.get());
    String state = "pending";
    while (true) {
      Optional<Instance> seen = describeInstance(instanceId);
      if (seen.isPresent()) {
        state = seen.get().state().nameAsString();
        if ("running".equals(state)) {
          return new InstanceEnd.Running();
        }
        if (!"pending".equals(state)) {
          return new InstanceEnd.Gone(state);
        }
      }
      if (!pause(backoff, deadline)) {
        return new InstanceEnd.OutOfTime(state);
      }
    }
  }

  /** Sleeps for the next delay if that still ends before the deadline. */
  private boolean pause(Backoff backoff, Instant deadline) throws InterruptedException {
    Duration delay = backoff.next();
    if (clock.instant().plus(delay).isAfter(deadline)) {
      return false;
    }
    sleeper.sleep(delay);
    return true;
  }

  /** Empty while EC2's eventual consistency does not show a fresh id yet. */
  private Optional<SpotInstanceRequest> describeRequest(String id) {
    try {
      // A filter, not an id list: EC2 gives "unfiltered" Describe calls a bucket half the size
      // (50, refilled at 10 a second) and ids may count as unfiltered; the answer is the same.
      return ec2.describeSpotInstanceRequests(b -> b.filters(f -> f.name("spot-instance-request-id").values(id)))
          .spotInstanceRequests().stream().findFirst();
    } catch (SdkException e) {
      // Throttled or faulted past the SDK's retries: a missed poll, not a failure; the next one may pass.
      if (Ec2Errors.hasCode(e, "InvalidSpotInstanceRequestID.NotFound") || Ec2Errors.isTransient(e)) {
        return Optional.empty();
      }
      throw Ec2Errors.translate(e, "DescribeSpotInstanceRequests");
    }
  }

  Optional<Instance> describeInstance(String id) {
    try {
      // A filter for the same reason as above: polls draw on the larger "filtered" bucket.
      return ec2.describeInstances(b -> b.filters(f -> f.name("instance-id").values(id))).reservations().stream()
          .flatMap(r -> r.instances().stream()).findFirst();
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidInstanceID.NotFound") || Ec2Errors.isTransient(e)) {
        return Optional.empty();
      }
      throw Ec2Errors.translate(e, "DescribeInstances");
    }
  }
}
