package dev.spotreplacer.sim;

import java.util.regex.Pattern;

/** An Elastic IP allocated before the emulator starts, associated with {@code instanceId} if given. */
public record AddressSpec(String allocationId, String publicIp, String instanceId) {

  static final Pattern ALLOCATION_ID = Pattern.compile("eipalloc-([0-9a-f]{8}|[0-9a-f]{17})");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  public AddressSpec {
    Scenario.requireText(allocationId, "allocationId");
    if (!ALLOCATION_ID.matcher(allocationId).matches()) {
      throw new IllegalArgumentException("allocationId '" + allocationId
          + "' is not an allocation id like eipalloc-0123456789abcdef0");
    }
    Scenario.requireText(publicIp, "publicIp");
    if (!IPV4.matcher(publicIp).matches()) {
      throw new IllegalArgumentException("publicIp '" + publicIp + "' is not an IPv4 address");
    }
  }
}
