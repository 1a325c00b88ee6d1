package dev.spotreplacer.replace;

import dev.spotreplacer.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/**
 * Hands the running replacement what the old instance held: moves the Elastic IP
 * ({@code AssociateAddress} with {@code AllowReassociation}) when ELASTIC_IP_HANDOVER says it is
 * time ({@link HandoverTiming}), and reattaches each data volume at its
 * old device once the old instance has released it. Never detaches anything: a volume is attached
 * only when EC2 reports it {@code available}, so it is never attached to two instances. Safe to run
 * again: what is already on the replacement is left as it is.
 */
final class Reattacher {

  private final Ec2Client ec2;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final Progress progress;
  private final HandoverTiming timing;

  Reattacher(Ec2Client ec2, Clock clock, Sleeper sleeper, Supplier<RandomGenerator> random, Progress progress,
      HandoverTiming timing) {
    this.ec2 = ec2;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.progress = progress;
    this.timing = timing;
  }

  /**
   * Ends a run whose replacement is running: {@code replaced} once everything moved,
   * {@code pending} while the old instance still holds a volume at the time limit, {@code failed}
   * when something cannot follow. {@code asBefore} is the result when there was nothing to do.
   */
  Result finish(String replacementId, String oldId, Instant deadline, Run run, Supplier<Result> asBefore)
      throws InterruptedException {
    Carryover carry = run.carryover();
    if (carry.isEmpty()) {
      return asBefore.get();
    }
    List<String> problems = new ArrayList<>();
    boolean moved = false;
    if (carry.elasticIp() != null) {
      if (!handoverDue(replacementId, oldId, deadline, run)) {
        String address = carry.elasticIp().allocationId();
        progress.note("time limit: " + address + " waits for " + timing.condition());
        return run.finish(Outcome.PENDING, Reason.Code.ELASTIC_IP_WAITING, replacementId + " is running; the Elastic IP "
            + address + " moves when " + timing.condition() + " (ELASTIC_IP_HANDOVER=" + timing.wireName()
            + "), which the time limit came first; a re-delivery or the state-change notice for " + oldId
            + " reaching terminated finishes the handover");
      }
      moved = moveAddress(carry.elasticIp(), replacementId, oldId, run, problems);
    }
    Map<String, String> waiting = new LinkedHashMap<>();
    moved |= reattach(carry.volumes(), replacementId, oldId, deadline, run, problems, waiting);
    moved |= reattachInterfaces(carry.interfaces(), replacementId, deadline, run, problems, waiting);
    run.volumesPending(List.copyOf(waiting.keySet()));

    if (!waiting.isEmpty()) {
      progress.note("time limit: still waiting for " + String.join(", ", waiting.keySet()));
      List<String> held = waiting.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
      return run.finish(Outcome.PENDING, Reason.Code.VOLUMES_IN_USE, replacementId + " is running, but "
          + String.join(", ", held) + " not reattached yet at the time limit; the state-change notice for "
          + oldId + " reaching terminated, or a re-delivery, finishes the handover"
          + (problems.isEmpty() ? "" : "; also: " + String.join("; ", problems)));
    }
    if (!problems.isEmpty()) {
      return run.finish(Outcome.FAILED, Reason.Code.HANDOVER_INCOMPLETE, replacementId + " replaces " + oldId
          + " and is running, but " + String.join("; ", problems));
    }
    if (!moved) {
      return asBefore.get();
    }
    return run.finish(Outcome.REPLACED, Reason.Code.RUNNING, replacementId + " replaces " + oldId + summary(run));
  }

  /**
   * Waits, polling, until the address may move: the old instance has stopped serving, or the
   * replacement passed its status checks, as ELASTIC_IP_HANDOVER says. False at the deadline.
   */
  private boolean handoverDue(String replacementId, String oldId, Instant deadline, Run run)
      throws InterruptedException {
    Backoff backoff = Backoff.polling(random.get());
    boolean noted = false;
    while (true) {
      if (timing == HandoverTiming.REPLACEMENT_READY ? statusChecksPassed(replacementId)
          : oldStoppedServing(oldId, run.interruptionTime())) {
        return true;
      }
      if (!noted) {
        progress.note("the Elastic IP waits until " + timing.condition());
        noted = true;
      }
      Duration delay = backoff.next();
      Instant reclaim = run.interruptionTime();
      if (timing == HandoverTiming.OLD_INSTANCE_STOPPED && reclaim != null && clock.instant().isBefore(reclaim)
          && clock.instant().plus(delay).isAfter(reclaim)) {
        delay = Duration.between(clock.instant(), reclaim);
      }
      if (clock.instant().plus(delay).isAfter(deadline)) {
        return false;
      }
      sleeper.sleep(delay);
    }
  }

  /** Reclaimed by now, shutting down, terminated or gone: it serves no more. */
  private boolean oldStoppedServing(String oldId, Instant interruptionTime) {
    if (interruptionTime != null && !clock.instant().isBefore(interruptionTime)) {
      return true;
    }
    try {
      return ec2.describeInstances(b -> b.instanceIds(oldId)).reservations().stream()
          .flatMap(r -> r.instances().stream())
          .noneMatch(i -> i.state() != null && ("running".equals(i.state().nameAsString())
              || "pending".equals(i.state().nameAsString())));
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidInstanceID.NotFound")) {
        return true;
      }
      throw Ec2Errors.translate(e, "DescribeInstances");
    }
  }

  /** Both EC2 status checks (instance and system) report ok. */
  private boolean statusChecksPassed(String replacementId) {
    try {
      return ec2.describeInstanceStatus(b -> b.instanceIds(replacementId)).instanceStatuses().stream()
          .anyMatch(s -> s.instanceStatus() != null && s.systemStatus() != null
              && "ok".equals(s.instanceStatus().statusAsString()) && "ok".equals(s.systemStatus().statusAsString()));
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidInstanceID.NotFound")) {
        return false;
      }
      throw Ec2Errors.translate(e, "DescribeInstanceStatus");
    }
  }

  /** "; it holds the Elastic IP 203.0.113.10 (eipalloc-...) and vol-... at /dev/sdf". */
  private static String summary(Run run) {
    List<String> held = new ArrayList<>();
    if (run.elasticIp() != null) {
      held.add("the Elastic IP " + (run.elasticIp().publicIp() == null ? "" : run.elasticIp().publicIp() + " ")
          + "(" + run.elasticIp().allocationId() + ")");
    }
    run.volumes().forEach(v -> held.add(v.volumeId() + " at " + v.device()));
    run.interfaces().forEach(n -> held.add(n.networkInterfaceId() + " at device index " + n.deviceIndex()));
    return held.isEmpty() ? "" : "; it holds " + String.join(", ", held);
  }

  /** True when this call moved the address; an address someone else holds now is not taken from them. */
  private boolean moveAddress(ElasticIp eip, String replacementId, String oldId, Run run, List<String> problems) {
    Optional<Address> found;
    try {
      found = ec2.describeAddresses(b -> b.allocationIds(eip.allocationId())).addresses().stream().findFirst();
    } catch (SdkException e) {
      if (!Ec2Errors.hasCode(e, "InvalidAllocationID.NotFound")) {
        throw Ec2Errors.translate(e, "DescribeAddresses");
      }
      found = Optional.empty();
    }
    if (found.isEmpty()) {
      problems.add("the Elastic IP " + eip.allocationId() + " no longer exists");
      return false;
    }
    Address address = found.get();
    ElasticIp current = new ElasticIp(address.allocationId(), address.publicIp());
    if (replacementId.equals(address.instanceId())) {
      run.elasticIp(current);
      return false;
    }
    if (address.instanceId() != null && !oldId.equals(address.instanceId())) {
      problems.add("the Elastic IP " + eip.allocationId() + " is now on " + address.instanceId()
          + " and was left there; associate it by hand if it belongs to the replacement");
      return false;
    }
    try {
      ec2.associateAddress(b -> b.allocationId(eip.allocationId()).instanceId(replacementId).allowReassociation(true));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "AssociateAddress");
    }
    run.elasticIp(current);
    progress.note("moved Elastic IP " + current.allocationId() + " to " + replacementId);
    return true;
  }

  /**
   * Attaches each volume once it is available, polling until the deadline; fills {@code waiting}
   * with those the old instance still holds. True when this call attached one.
   */
  private boolean reattach(List<DataVolume> volumes, String replacementId, String oldId, Instant deadline, Run run,
      List<String> problems, Map<String, String> waiting) throws InterruptedException {
    List<DataVolume> attached = new ArrayList<>();
    List<DataVolume> left = new ArrayList<>(volumes);
    boolean changed = false;
    Backoff backoff = Backoff.polling(random.get());
    boolean noted = false;
    while (!left.isEmpty()) {
      waiting.clear();
      Map<String, Volume> seen = describe(left);
      for (DataVolume wanted : List.copyOf(left)) {
        Volume volume = seen.get(wanted.volumeId());
        Optional<VolumeAttachment> attachment = volume == null ? Optional.empty()
            : volume.attachments().stream().findFirst();
        if (volume == null) {
          problems.add(wanted.volumeId() + " no longer exists");
          left.remove(wanted);
        } else if (attachment.isPresent() && replacementId.equals(attachment.get().instanceId())) {
          if ("attached".equals(attachment.get().stateAsString())) {
            attached.add(new DataVolume(wanted.volumeId(), attachment.get().device()));
            left.remove(wanted);
          } else {
            waiting.put(wanted.volumeId(), attachment.get().stateAsString() + " to " + replacementId);
          }
        } else if (attachment.isPresent() && !oldId.equals(attachment.get().instanceId())) {
          problems.add(wanted.volumeId() + " is attached to " + attachment.get().instanceId() + " and was left there");
          left.remove(wanted);
        } else if (attachment.isEmpty() && "available".equals(volume.stateAsString())) {
          Optional<String> refusal = attach(wanted, replacementId);
          if (refusal.isEmpty()) {
            progress.note("attaching " + wanted.volumeId() + " to " + replacementId + " at " + wanted.device());
            waiting.put(wanted.volumeId(), "attaching to " + replacementId);
            changed = true;
          } else if (!refusal.get().isEmpty()) {
            problems.add(refusal.get());
            left.remove(wanted);
          } else {
            waiting.put(wanted.volumeId(), "available, not attachable yet");
          }
        } else if ("deleting".equals(volume.stateAsString()) || "deleted".equals(volume.stateAsString())) {
          problems.add(wanted.volumeId() + " is being deleted");
          left.remove(wanted);
        } else {
          waiting.put(wanted.volumeId(), attachment.map(a -> a.stateAsString() + " to " + a.instanceId())
              .orElse(volume.stateAsString()));
        }
      }
      if (left.isEmpty()) {
        break;
      }
      boolean held = waiting.values().stream().anyMatch(why -> why.endsWith(oldId));
      if (!noted && held) {
        progress.note("waiting for " + oldId + " to release " + String.join(", ", waiting.keySet()));
        noted = true;
      }
      Duration delay = backoff.next();
      if (clock.instant().plus(delay).isAfter(deadline)) {
        break;
      }
      sleeper.sleep(delay);
    }
    if (left.isEmpty()) {
      waiting.clear();
    }
    run.volumes(attached);
    return changed;
  }

  /**
   * Attaches each secondary interface at its device index once EC2 reports it available (the old
   * instance released it), polling until the deadline; like volumes, never detaches one.
   */
  private boolean reattachInterfaces(List<DataInterface> interfaces, String replacementId, Instant deadline, Run run,
      List<String> problems, Map<String, String> waiting) throws InterruptedException {
    List<DataInterface> left = new ArrayList<>(interfaces);
    List<DataInterface> attached = new ArrayList<>();
    boolean changed = false;
    Backoff backoff = Backoff.polling(random.get());
    while (!left.isEmpty()) {
      Map<String, NetworkInterface> seen = new LinkedHashMap<>();
      try {
        ec2.describeNetworkInterfaces(b -> b.filters(Filter.builder().name("network-interface-id")
                .values(left.stream().map(DataInterface::networkInterfaceId).toList()).build()))
            .networkInterfaces().forEach(n -> seen.put(n.networkInterfaceId(), n));
      } catch (SdkException e) {
        throw Ec2Errors.translate(e, "DescribeNetworkInterfaces");
      }
      for (DataInterface wanted : List.copyOf(left)) {
        NetworkInterface nic = seen.get(wanted.networkInterfaceId());
        String holder = nic == null || nic.attachment() == null ? null : nic.attachment().instanceId();
        if (nic == null) {
          problems.add(wanted.networkInterfaceId() + " no longer exists");
          left.remove(wanted);
        } else if (replacementId.equals(holder)) {
          attached.add(wanted);
          left.remove(wanted);
          waiting.remove(wanted.networkInterfaceId());
        } else if ("available".equals(nic.statusAsString())) {
          try {
            ec2.attachNetworkInterface(b -> b.networkInterfaceId(wanted.networkInterfaceId())
                .instanceId(replacementId).deviceIndex(wanted.deviceIndex()));
            progress.note("attaching " + wanted.networkInterfaceId() + " to " + replacementId + " at device index "
                + wanted.deviceIndex());
            changed = true;
          } catch (SdkException e) {
            if (!Ec2Errors.hasCode(e, "InvalidNetworkInterface.InUse")) {
              throw Ec2Errors.translate(e, "AttachNetworkInterface");
            }
          }
          waiting.put(wanted.networkInterfaceId(), "attaching to " + replacementId);
        } else {
          waiting.put(wanted.networkInterfaceId(), "in use by " + holder);
        }
      }
      if (left.isEmpty()) {
        break;
      }
      Duration delay = backoff.next();
      if (clock.instant().plus(delay).isAfter(deadline)) {
        break;
      }
      sleeper.sleep(delay);
    }
    run.interfaces(attached);
    return changed;
  }

  private Map<String, Volume> describe(List<DataVolume> volumes) {
    // A filter, not VolumeIds: a deleted volume is then missing from the answer instead of an error.
    try {
      Map<String, Volume> byId = new LinkedHashMap<>();
      ec2.describeVolumes(b -> b.filters(Filter.builder().name("volume-id")
              .values(volumes.stream().map(DataVolume::volumeId).toList()).build()))
          .volumes().forEach(v -> byId.put(v.volumeId(), v));
      return byId;
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "DescribeVolumes");
    }
  }

  /** Empty when attached; an empty text when EC2 says "not yet" (try again); else why it cannot be. */
  private Optional<String> attach(DataVolume volume, String replacementId) {
    try {
      ec2.attachVolume(b -> b.volumeId(volume.volumeId()).instanceId(replacementId).device(volume.device()));
      return Optional.empty();
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("");
      switch (code) {
        case "VolumeInUse", "IncorrectState":
          return Optional.of("");
        case "InvalidVolume.ZoneMismatch":
          return Optional.of(volume.volumeId() + " is in another zone than " + replacementId
              + " (InvalidVolume.ZoneMismatch); snapshot it to move it");
        case "InvalidVolume.NotFound":
          return Optional.of(volume.volumeId() + " no longer exists");
        case "UnauthorizedOperation":
          return Optional.of("not allowed to attach " + volume.volumeId() + ": tag it " + TagKeys.FOLLOW
              + "=true, or deploy with AttachListedVolumes=true to attach volumes listed on the instance");
        case "InvalidParameterValue":
          return Optional.of(volume.volumeId() + " could not be attached at " + volume.device()
              + " (the device name is taken on " + replacementId + "): attach it by hand at another device");
        default:
          throw Ec2Errors.translate(e, "AttachVolume");
      }
    }
  }
}
