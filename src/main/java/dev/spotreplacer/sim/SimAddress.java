package dev.spotreplacer.sim;

import java.util.List;

/** An immutable snapshot of one emulated Elastic IP. */
public record SimAddress(String allocationId, String publicIp, String instanceId, String associationId,
    List<String> history) {

  public SimAddress {
    history = List.copyOf(history);
  }
}
