package dev.spotreplacer.replace;

import java.util.Objects;

/** An Elastic IP by its allocation id, with its public address when known. */
public record ElasticIp(String allocationId, String publicIp) {

  public ElasticIp {
    Objects.requireNonNull(allocationId, "allocationId == null");
  }
}
