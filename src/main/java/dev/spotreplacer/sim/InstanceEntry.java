package dev.spotreplacer.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One instance's mutable state inside the market; guarded by the market's lock. */
final class InstanceEntry {

  private static final DateTimeFormatter REASON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'GMT'").withZone(ZoneOffset.UTC);

  /** A volume attached to the instance. */
  record Volume(String volumeId, LaunchParams.BlockDevice device, Instant attachTime) {}

  final String instanceId;
  final String reservationId;
  final LaunchParams launch;
  final String lifecycle;
  final String privateIp;
  final String clientToken;
  final Instant launchTime;
  final List<Volume> volumes;
  final Map<String, String> tags = new LinkedHashMap<>();
  String spotInstanceRequestId;
  /** Changed by ModifyInstanceAttribute; starts as launched. */
  boolean sourceDestCheck;
  /** The public IPv4 address EC2 assigned at launch, or null. */
  String publicIp;
  List<String> secondaryPrivateIps = List.of();
  List<String> ipv6Addresses = List.of();
  /** When it last reached running: its status checks pass {@link #STATUS_CHECKS} later. */
  Instant runningSince;

  /** How long EC2's status checks stay "initializing" after an instance starts running. */
  static final java.time.Duration STATUS_CHECKS = java.time.Duration.ofSeconds(60);
  /** Before this time EC2's eventual consistency hides the new id; null: visible from the start. */
  Instant visibleFrom;
  /** When it reached terminated: EC2 shows it, stripped, for a while after. */
  Instant terminatedAt;

  private String state;
  private Instant dueAt;
  private String stateReasonCode;
  private String transitionReason = "";

  InstanceEntry(String instanceId, String reservationId, LaunchParams launch, String lifecycle, String privateIp,
      String clientToken, Instant launchTime, List<Volume> volumes) {
    this.instanceId = instanceId;
    this.reservationId = reservationId;
    this.launch = launch;
    this.lifecycle = lifecycle;
    this.privateIp = privateIp;
    this.clientToken = clientToken;
    this.launchTime = launchTime;
    this.volumes = List.copyOf(volumes);
    this.sourceDestCheck = launch.options().sourceDestCheck();
  }

  String state() {
    return state;
  }

  /** Sets a state, and when it is a passing one (pending, shutting-down) the time it ends. */
  void moveTo(String newState, Instant due) {
    this.state = newState;
    this.dueAt = due;
    if ("pending".equals(newState)) {
      stateReasonCode = "pending";
    } else if ("running".equals(newState)) {
      stateReasonCode = null;
    }
  }

  /** Starts a shutdown, by the user (TerminateInstances) or by EC2 (a spot interruption). */
  void shutDown(Instant at, Instant terminatedAt, boolean byUser) {
    moveTo("shutting-down", terminatedAt);
    stateReasonCode = byUser ? "Client.UserInitiatedShutdown" : "Server.SpotInstanceTermination";
    transitionReason = (byUser ? "User initiated (" : "Service initiated (") + REASON_TIME.format(at) + ")";
  }

  boolean byUser() {
    return "Client.UserInitiatedShutdown".equals(stateReasonCode);
  }

  /** When the instance next changes state by itself, or null. */
  Instant dueAt() {
    return dueAt;
  }

  String stateReasonCode() {
    return stateReasonCode;
  }

  String stateReasonMessage() {
    if (stateReasonCode == null) {
      return null;
    }
    return switch (stateReasonCode) {
      case "Client.UserInitiatedShutdown" -> "Client.UserInitiatedShutdown: User initiated shutdown";
      case "Server.SpotInstanceTermination" -> "Server.SpotInstanceTermination: Spot instance termination";
      default -> stateReasonCode;
    };
  }

  String transitionReason() {
    return transitionReason;
  }

  boolean isGone() {
    return "terminated".equals(state) || "shutting-down".equals(state);
  }

  static int stateCode(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      case "stopped" -> 80;
      default -> throw new IllegalStateException("unknown state " + state);
    };
  }

  SimInstance snapshot() {
    return new SimInstance(instanceId, launch.instanceType(), launch.availabilityZone(), launch.subnetId(),
        launch.imageId(), lifecycle, state, tags, spotInstanceRequestId, launchTime);
  }
}
