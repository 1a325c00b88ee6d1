package dev.spotreplacer.sim;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic resource ids from the scenario seed. Each kind of id has its own stream, so a
 * scenario's instance ids do not shift when a client makes one more Describe call.
 */
final class Ids {

  private final SplittableRandom instances;
  private final SplittableRandom spotRequests;
  private final SplittableRandom reservations;
  private final SplittableRandom volumes;
  private final SplittableRandom requestIds;
  private final SplittableRandom associations;
  private final Set<String> issued = new HashSet<>();

  Ids(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    this.instances = root.split();
    this.spotRequests = root.split();
    this.reservations = root.split();
    this.volumes = root.split();
    this.requestIds = root.split();
    this.associations = root.split();
  }

  /** Reserves an id that came from the scenario so that no generated id collides with it. */
  synchronized void reserve(String id) {
    issued.add(id);
  }

  synchronized String instance() {
    return unique(instances, "i-", 17);
  }

  synchronized String spotRequest() {
    return unique(spotRequests, "sir-", 8);
  }

  synchronized String reservation() {
    return unique(reservations, "r-", 17);
  }

  synchronized String volume() {
    return unique(volumes, "vol-", 17);
  }

  synchronized String association() {
    return unique(associations, "eipassoc-", 17);
  }

  /** EC2 request ids look like UUIDs. */
  synchronized String requestId() {
    String hex = hex(requestIds, 32);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  private String unique(SplittableRandom random, String prefix, int length) {
    String id;
    do {
      id = prefix + hex(random, length);
    } while (!issued.add(id));
    return id;
  }

  private static String hex(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(Character.forDigit(random.nextInt(16), 16));
    }
    return text.toString();
  }
}
