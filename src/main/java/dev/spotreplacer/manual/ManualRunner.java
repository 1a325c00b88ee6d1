package dev.spotreplacer.manual;

import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/** Runs a {@link ManualTask} against EC2 and reports what it found or did. */
public final class ManualRunner {

  private static final Duration POLL = Duration.ofSeconds(5);

  // Times are ISO-8601 text: the project's Jackson has no java.time module, and text is what people read.

  /** One pool's price in force. */
  public record PriceRow(String instanceType, String availabilityZone, String price, String since) {}

  /** One spot request as EC2 describes it. */
  public record RequestRow(String spotRequestId, String state, String statusCode, String statusMessage,
      String instanceId, String instanceType, String availabilityZone, String createTime) {}

  /** How a launch ended: outcome is running, dry-run-ok, failed or pending. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record LaunchResult(String outcome, String message, String spotRequestId, String state, String statusCode,
      String instanceId) {}

  /** What a cancel left behind. */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record CancelResult(String spotRequestId, String state, String instanceId, String instanceState) {}

  private final Ec2Client ec2;
  private final Clock clock;
  private final Sleeper sleeper;
  /** Hears each poll of a launch, so a person watching sees it move. */
  private final Consumer<String> progress;

  public ManualRunner(Ec2Client ec2, Clock clock, Sleeper sleeper) {
    this(ec2, clock, sleeper, line -> { });
  }

  public ManualRunner(Ec2Client ec2, Clock clock, Sleeper sleeper, Consumer<String> progress) {
    this.ec2 = ec2;
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
  }

  /** The result record of any task, for the Lambda's JSON answer. */
  public Object run(ManualTask task, Duration budget) throws InterruptedException {
    if (task instanceof ManualTask.Prices prices) {
      return prices(prices);
    } else if (task instanceof ManualTask.Launch launch) {
      return launch(launch, clock.instant().plus(budget));
    } else if (task instanceof ManualTask.Requests) {
      return requests();
    }
    return cancel((ManualTask.Cancel) task);
  }

  /** The price in force per type and zone, cheapest first (a start time of now returns it). */
  public List<PriceRow> prices(ManualTask.Prices task) {
    Map<String, SpotPrice> latest = new LinkedHashMap<>();
    ec2.describeSpotPriceHistoryPaginator(b -> b.instanceTypesWithStrings(task.instanceTypes())
            .productDescriptions(task.product()).startTime(clock.instant()))
        .spotPriceHistory()
        .forEach(p -> latest.merge(p.instanceTypeAsString() + "/" + p.availabilityZone(), p,
            (a, b) -> a.timestamp().isAfter(b.timestamp()) ? a : b));
    return latest.values().stream()
        .map(p -> new PriceRow(p.instanceTypeAsString(), p.availabilityZone(), p.spotPrice(), String.valueOf(p.timestamp())))
        .sorted(Comparator.comparing((PriceRow r) -> new java.math.BigDecimal(r.price()))
            .thenComparing(PriceRow::availabilityZone).thenComparing(PriceRow::instanceType))
        .toList();
  }

  public LaunchResult launch(ManualTask.Launch task, Instant deadline) throws InterruptedException {
    RequestSpotInstancesRequest.Builder request = RequestSpotInstancesRequest.builder()
        // The SDK does not fill ClientToken for this call: a token makes the SDK's own retries safe.
        .clientToken(UUID.randomUUID().toString())
        .type(SpotInstanceType.ONE_TIME)
        .instanceCount(1)
        .dryRun(task.dryRun())
        .launchSpecification(s -> s.imageId(task.imageId()).instanceType(task.instanceType())
            .keyName(task.keyName()).subnetId(task.subnetId())
            .securityGroupIds(task.securityGroupIds().isEmpty() ? null : task.securityGroupIds()));
    if (task.maxPrice() != null) {
      request.spotPrice(task.maxPrice().toPlainString());
    }
    SpotInstanceRequest created;
    try {
      created = ec2.requestSpotInstances(request.build()).spotInstanceRequests().get(0);
    } catch (Ec2Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if ("DryRunOperation".equals(code)) {
        return new LaunchResult("dry-run-ok", "EC2 would accept this one-time spot request; nothing was launched",
            null, null, null, null);
      }
      throw e;
    }
    String id = created.spotInstanceRequestId();
    progress.accept("requested " + task.instanceType() + " in " + task.subnetId() + ": " + id);
    while (true) {
      Optional<SpotInstanceRequest> seen = describe(id);
      if (seen.isPresent()) {
        SpotInstanceRequest r = seen.get();
        String code = r.status() == null ? null : r.status().code();
        if (r.instanceId() != null) {
          return awaitRunning(r, deadline);
        }
        if (!"open".equals(r.stateAsString())) {
          return new LaunchResult("failed", "spot request " + id + " ended " + r.stateAsString() + " (" + code + ")",
              id, r.stateAsString(), code, null);
        }
        progress.accept(id + " " + r.stateAsString() + " (" + code + ")");
        if (!clock.instant().plus(POLL).isBefore(deadline)) {
          return new LaunchResult("pending", "spot request " + id + " is still open (" + code + "): check it with"
              + " the requests command, or cancel it", id, r.stateAsString(), code, null);
        }
      }
      sleeper.sleep(POLL);
    }
  }

  private LaunchResult awaitRunning(SpotInstanceRequest r, Instant deadline) throws InterruptedException {
    String code = r.status() == null ? null : r.status().code();
    while (true) {
      String state = instanceState(r.instanceId());
      progress.accept(r.instanceId() + " " + state);
      if ("running".equals(state)) {
        return new LaunchResult("running", r.instanceId() + " is running", r.spotInstanceRequestId(),
            r.stateAsString(), code, r.instanceId());
      }
      if (!"pending".equals(state) || !clock.instant().plus(POLL).isBefore(deadline)) {
        return new LaunchResult("pending".equals(state) ? "pending" : "failed", r.instanceId() + " is " + state,
            r.spotInstanceRequestId(), r.stateAsString(), code, r.instanceId());
      }
      sleeper.sleep(POLL);
    }
  }

  /** "pending" also while EC2's eventual consistency does not know the fresh id yet. */
  private String instanceState(String instanceId) {
    try {
      return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
          .flatMap(res -> res.instances().stream()).map(Instance::state).map(s -> s.nameAsString())
          .findFirst().orElse("pending");
    } catch (Ec2Exception e) {
      if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return "pending";
      }
      throw e;
    }
  }

  private Optional<SpotInstanceRequest> describe(String id) {
    try {
      return ec2.describeSpotInstanceRequests(b -> b.spotInstanceRequestIds(id)).spotInstanceRequests().stream()
          .findFirst();
    } catch (Ec2Exception e) {
      // Describe right after Request can miss the new id (eventual consistency): look again.
      if (e.awsErrorDetails() != null
          && "InvalidSpotInstanceRequestID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public List<RequestRow> requests() {
    List<RequestRow> rows = new ArrayList<>();
    ec2.describeSpotInstanceRequestsPaginator(b -> { }).spotInstanceRequests().forEach(r -> rows.add(new RequestRow(
        r.spotInstanceRequestId(), r.stateAsString(), r.status() == null ? null : r.status().code(),
        r.status() == null ? null : r.status().message(), r.instanceId(),
        r.launchSpecification() == null ? null : r.launchSpecification().instanceTypeAsString(),
        r.launchedAvailabilityZone(), r.createTime() == null ? null : r.createTime().toString())));
    rows.sort(Comparator.comparing(RequestRow::createTime, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(RequestRow::spotRequestId));
    return rows;
  }

  public CancelResult cancel(ManualTask.Cancel task) {
    String id = task.spotRequestId();
    String state = ec2.cancelSpotInstanceRequests(b -> b.spotInstanceRequestIds(id)).cancelledSpotInstanceRequests()
        .stream().findFirst().map(c -> c.stateAsString()).orElse("unknown");
    // Cancelling a fulfilled request leaves its instance running; EC2 says so with this status.
    String instanceId = describe(id).map(SpotInstanceRequest::instanceId).orElse(null);
    String instanceState = null;
    if (task.terminate() && instanceId != null) {
      instanceState = ec2.terminateInstances(b -> b.instanceIds(instanceId)).terminatingInstances().stream()
          .findFirst().map(t -> t.currentState().nameAsString()).orElse(null);
    }
    return new CancelResult(id, state, instanceId, instanceState);
  }
}
