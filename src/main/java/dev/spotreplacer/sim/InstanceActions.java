package dev.spotreplacer.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceCreditSpecificationsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceCreditSpecificationsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusDetails;
import software.amazon.awssdk.services.ec2.model.InstanceStatusSummary;
import software.amazon.awssdk.services.ec2.model.InstanceCreditSpecification;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/** DescribeInstances, DescribeInstanceAttribute and TerminateInstances. */
final class InstanceActions {

  private final Market market;
  private final Filters<InstanceEntry> filters;

  InstanceActions(Market market) {
    this.market = market;
    this.filters = new Filters<InstanceEntry>()
        .field("instance-id", i -> i.instanceId)
        .field("instance-state-name", InstanceEntry::state)
        .field("instance-state-code", i -> String.valueOf(InstanceEntry.stateCode(i.state())))
        .field("instance-type", i -> i.launch.instanceType())
        .field("availability-zone", i -> i.launch.availabilityZone())
        .field("subnet-id", i -> stripped(i) ? null : i.launch.subnetId())
        .field("vpc-id", i -> stripped(i) ? null : market.network().vpcId())
        .field("image-id", i -> i.launch.imageId())
        .field("key-name", i -> i.launch.keyName())
        .field("instance-lifecycle", i -> "spot".equals(i.lifecycle) ? "spot" : null)
        .field("spot-instance-request-id", i -> i.spotInstanceRequestId)
        .field("client-token", i -> i.clientToken)
        .field("reservation-id", i -> i.reservationId)
        .field("private-ip-address", i -> stripped(i) ? null : i.privateIp)
        .field("platform-details", i -> i.launch.platform())
        .multi("instance.group-id", i -> stripped(i) ? List.of() : i.launch.securityGroupIds())
        .tags(i -> i.tags);
  }

  /** A terminated instance no longer has a subnet, VPC, private address or security groups to match. */
  private static boolean stripped(InstanceEntry instance) {
    return "terminated".equals(instance.state());
  }

  DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
    List<String> ids = Checks.distinct(request.instanceIds());
    if (!ids.isEmpty() && request.maxResults() != null) {
      throw Ec2Fault.combination("instancesSet", "maxResults");
    }
    Predicate<InstanceEntry> match = filters.compile(request.filters());
    List<InstanceEntry> candidates = ids.isEmpty() ? market.instances() : existing(ids);
    Checks.dryRun(request.dryRun());
    List<InstanceEntry> selected = candidates.stream().filter(match).toList();
    Paging.Page<InstanceEntry> page =
        Paging.page(selected, request.maxResults(), request.nextToken(), 5, 1000);
    return DescribeInstancesResponse.builder()
        .reservations(reservations(page.items()))
        .nextToken(page.nextToken())
        .build();
  }

  TerminateInstancesResponse terminateInstances(TerminateInstancesRequest request) {
    List<InstanceEntry> targets = existing(Checks.required(request.instanceIds(), "InstanceId"));
    Checks.dryRun(request.dryRun());
    List<InstanceStateChange> changes = new ArrayList<>();
    for (InstanceEntry instance : targets) {
      String previous = instance.state();
      market.shutDown(instance, true);
      changes.add(InstanceStateChange.builder()
          .instanceId(instance.instanceId)
          .previousState(Views.state(previous))
          .currentState(Views.state(instance.state()))
          .build());
    }
    return TerminateInstancesResponse.builder().terminatingInstances(changes).build();
  }

  DescribeInstanceAttributeResponse describeInstanceAttribute(DescribeInstanceAttributeRequest request) {
    if (request.instanceId() == null) {
      throw Ec2Fault.missing("InstanceId");
    }
    String attribute = request.attributeAsString();
    if (attribute == null) {
      throw Ec2Fault.missing("Attribute");
    }
    InstanceEntry instance = existing(List.of(request.instanceId())).get(0);
    DescribeInstanceAttributeResponse.Builder response =
        DescribeInstanceAttributeResponse.builder().instanceId(instance.instanceId);
    LaunchParams launch = instance.launch;
    switch (attribute) {
      case "instanceType" -> response.instanceType(value(launch.instanceType()));
      case "userData" -> response.userData(value(launch.userData()));
      case "ebsOptimized" -> response.ebsOptimized(flag(launch.ebsOptimized()));
      case "groupSet" -> response.groups(Views.groups(launch.securityGroupIds()));
      case "rootDeviceName" -> response.rootDeviceName(value(LaunchParams.ROOT_DEVICE));
      case "blockDeviceMapping" -> response.blockDeviceMappings(Views.blockDevices(instance, market.volumes()));
      case "disableApiTermination" -> response.disableApiTermination(flag(false));
      case "disableApiStop" -> response.disableApiStop(flag(false));
      case "instanceInitiatedShutdownBehavior" -> response.instanceInitiatedShutdownBehavior(value("terminate"));
      case "sourceDestCheck" -> response.sourceDestCheck(flag(instance.sourceDestCheck));
      case "enaSupport" -> response.enaSupport(flag(true));
      case "sriovNetSupport" -> response.sriovNetSupport(value(null));
      case "kernel" -> response.kernelId(value(null));
      case "ramdisk" -> response.ramdiskId(value(null));
      case "productCodes" -> response.productCodes(List.of());
      default -> throw Ec2Fault.invalid("attribute", attribute, "Unknown attribute.");
    }
    Checks.dryRun(request.dryRun());
    return response.build();
  }

  /**
   * ModifyInstanceAttribute for SourceDestCheck, the one attribute no launch API sets (a NAT
   * instance needs it off); other attributes are refused as not modelled.
   */
  ModifyInstanceAttributeResponse modifyInstanceAttribute(ModifyInstanceAttributeRequest request) {
    if (request.instanceId() == null) {
      throw Ec2Fault.missing("InstanceId");
    }
    InstanceEntry instance = existing(List.of(request.instanceId())).get(0);
    if (request.sourceDestCheck() == null || request.sourceDestCheck().value() == null) {
      throw Ec2Fault.invalid("Attribute", request.attributeAsString(), "The emulator modifies SourceDestCheck only.");
    }
    Checks.dryRun(request.dryRun());
    if (instance.isGone()) {
      throw new Ec2Fault("IncorrectInstanceState", "The instance '" + instance.instanceId + "' is not in a state"
          + " from which it can be modified.");
    }
    instance.sourceDestCheck = request.sourceDestCheck().value();
    return ModifyInstanceAttributeResponse.builder().build();
  }

  /**
   * DescribeInstanceStatus: the status checks are "initializing" for the first minute an instance
   * runs, then "ok". Without IncludeAllInstances only running instances are listed, as in EC2.
   */
  DescribeInstanceStatusResponse describeInstanceStatus(DescribeInstanceStatusRequest request) {
    List<InstanceEntry> candidates = request.instanceIds().isEmpty() ? market.instances()
        : existing(Checks.distinct(request.instanceIds()));
    Checks.dryRun(request.dryRun());
    boolean all = Boolean.TRUE.equals(request.includeAllInstances());
    List<InstanceStatus> statuses = new ArrayList<>();
    for (InstanceEntry instance : candidates) {
      boolean running = "running".equals(instance.state());
      if (!running && !all) {
        continue;
      }
      String checks = !running ? "not-applicable"
          : instance.runningSince != null && !market.now().isBefore(instance.runningSince.plus(InstanceEntry.STATUS_CHECKS))
              ? "ok" : "initializing";
      InstanceStatusSummary summary = InstanceStatusSummary.builder().status(checks)
          .details(InstanceStatusDetails.builder().name("reachability")
              .status("ok".equals(checks) ? "passed" : "initializing").build()).build();
      statuses.add(InstanceStatus.builder().instanceId(instance.instanceId)
          .availabilityZone(instance.launch.availabilityZone())
          .instanceState(Views.state(instance.state()))
          .instanceStatus(summary).systemStatus(summary).build());
    }
    return DescribeInstanceStatusResponse.builder().instanceStatuses(statuses).build();
  }

  /** T2/T3/T3a/T4g credit options; burstable types only, as in EC2. */
  DescribeInstanceCreditSpecificationsResponse describeInstanceCreditSpecifications(
      DescribeInstanceCreditSpecificationsRequest request) {
    List<InstanceEntry> targets = existing(Checks.required(request.instanceIds(), "InstanceId"));
    Checks.dryRun(request.dryRun());
    List<InstanceCreditSpecification> answers = new ArrayList<>();
    for (InstanceEntry instance : targets) {
      String type = instance.launch.instanceType();
      if (!type.startsWith("t")) {
        continue;
      }
      String credits = instance.launch.options().creditSpecification();
      answers.add(InstanceCreditSpecification.builder().instanceId(instance.instanceId)
          .cpuCredits(credits != null ? credits : type.startsWith("t2.") ? "standard" : "unlimited").build());
    }
    return DescribeInstanceCreditSpecificationsResponse.builder().instanceCreditSpecifications(answers).build();
  }

  /** The instances, in the order asked for; every unknown id is named in one NotFound error. */
  private List<InstanceEntry> existing(List<String> ids) {
    ids.forEach(Checks::instanceIdFormat);
    List<InstanceEntry> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      market.instance(id).ifPresentOrElse(found::add, () -> missing.add(id));
    }
    if (!missing.isEmpty()) {
      throw Ec2Fault.notFound("InvalidInstanceID.NotFound", "instance", missing);
    }
    return found;
  }

  /** Instances launched together share a reservation; consecutive ones are grouped under it. */
  private List<Reservation> reservations(List<InstanceEntry> instances) {
    List<Reservation> reservations = new ArrayList<>();
    String current = null;
    List<Instance> members = new ArrayList<>();
    for (InstanceEntry instance : instances) {
      if (current != null && !current.equals(instance.reservationId)) {
        reservations.add(reservation(current, members));
        members = new ArrayList<>();
      }
      current = instance.reservationId;
      members.add(Views.instance(instance, market.network(), market.volumes(),
          market.interfaces().attachedTo(instance.instanceId)));
    }
    if (current != null) {
      reservations.add(reservation(current, members));
    }
    return reservations;
  }

  private static Reservation reservation(String reservationId, List<Instance> instances) {
    return Reservation.builder()
        .reservationId(reservationId)
        .ownerId(Market.ACCOUNT_ID)
        .groups(List.of())
        .instances(instances)
        .build();
  }

  private static AttributeValue value(String value) {
    return AttributeValue.builder().value(value).build();
  }

  private static AttributeBooleanValue flag(boolean value) {
    return AttributeBooleanValue.builder().value(value).build();
  }
}
