package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the interrupted instance was launched with beyond image, type, network and storage, so that
 * the replacement is never weaker than the original: its metadata options (IMDSv2), CPU options,
 * T-family credit specification, placement group and tenancy, hibernation, address needs, source/
 * destination check and the tags of its launch volumes.
 *
 * @param metadata null when EC2 reported none
 * @param coreCount null when EC2 reported no CPU options
 * @param creditSpecification "standard" or "unlimited" for burstable types, else null
 * @param placementGroup null or empty when not in one
 * @param associatePublicIp the original had a public IPv4 address EC2 assigned (not an Elastic IP)
 * @param volumeTags the root volume's own tags, given to the volumes the replacement is launched with
 * @param survivingInterfaces secondary network interfaces not deleted on termination: they can follow
 */
public record InstanceOptions(
    MetadataOptions metadata,
    Integer coreCount,
    Integer threadsPerCore,
    String creditSpecification,
    String placementGroup,
    String tenancy,
    boolean hibernation,
    int ipv6AddressCount,
    boolean associatePublicIp,
    int secondaryPrivateIpCount,
    boolean sourceDestCheck,
    Map<String, String> volumeTags,
    java.util.List<String> survivingInterfaces) {

  /** Nothing beyond EC2's defaults. */
  public static final InstanceOptions DEFAULT =
      new InstanceOptions(null, null, null, null, null, "default", false, 0, false, 0, true, Map.of(),
          List.of());

  public InstanceOptions {
    tenancy = tenancy == null || tenancy.isEmpty() ? "default" : tenancy;
    placementGroup = placementGroup == null || placementGroup.isEmpty() ? null : placementGroup;
    volumeTags = Map.copyOf(volumeTags);
    survivingInterfaces = List.copyOf(survivingInterfaces == null ? List.of() : survivingInterfaces);
  }

  /** The instance metadata service settings, as DescribeInstances reports them. */
  public record MetadataOptions(String httpTokens, Integer httpPutResponseHopLimit, String httpEndpoint,
      String instanceMetadataTags, String httpProtocolIpv6) {

    /** EC2's defaults: tokens optional, one hop, endpoint on, no tags, no IPv6 endpoint. */
    boolean isDefault() {
      return ("optional".equals(httpTokens) || httpTokens == null)
          && (httpPutResponseHopLimit == null || httpPutResponseHopLimit == 1)
          && !"disabled".equals(httpEndpoint)
          && !"enabled".equals(instanceMetadataTags)
          && !"enabled".equals(httpProtocolIpv6);
    }

    @Override
    public String toString() {
      return "HttpTokens " + httpTokens + ", hop limit " + httpPutResponseHopLimit
          + ("disabled".equals(httpEndpoint) ? ", endpoint disabled" : "")
          + ("enabled".equals(instanceMetadataTags) ? ", tags in metadata" : "")
          + ("enabled".equals(httpProtocolIpv6) ? ", IPv6 endpoint" : "");
    }
  }

  /**
   * What RequestSpotInstances cannot express for {@code originalType} (its launch specification has
   * no metadata, CPU, credit or hibernation options and no volume tags); empty when it is faithful.
   * Anything here must be set at launch: IMDS settings changed after boot would leave the user
   * data's first run exposed, and volume tags are what cost allocation and backup policies read.
   */
  List<String> beyondSpotRequest(String originalType, String architecture) {
    List<String> reasons = new ArrayList<>();
    if (metadata != null && !metadata.isDefault()) {
      reasons.add("metadata options (" + metadata + ")");
    }
    if (hyperthreadingOff(originalType, architecture)) {
      reasons.add("CPU options (" + coreCount + " cores, 1 thread per core)");
    }
    if (creditSpecification != null && !creditSpecification.equals(defaultCredits(originalType))) {
      reasons.add("credit specification " + creditSpecification);
    }
    if (hibernation) {
      reasons.add("hibernation");
    }
    if (!volumeTags.isEmpty()) {
      reasons.add("volume tags");
    }
    return reasons;
  }

  /**
   * One thread per core on an x86 type other than t2 is a choice someone made (licensing, HPC):
   * those types default to two. Other CPU options are carried on every path that takes them, but
   * EC2 does not say whether they differ from the type's defaults.
   */
  private boolean hyperthreadingOff(String type, String architecture) {
    return threadsPerCore != null && threadsPerCore == 1 && "x86_64".equals(architecture)
        && !type.startsWith("t2.");
  }

  /** Tag values are left out: they are never logged. */
  @Override
  public String toString() {
    return "InstanceOptions[metadata=" + metadata + ", coreCount=" + coreCount + ", threadsPerCore=" + threadsPerCore
        + ", creditSpecification=" + creditSpecification + ", placementGroup=" + placementGroup + ", tenancy="
        + tenancy + ", hibernation=" + hibernation + ", ipv6AddressCount=" + ipv6AddressCount
        + ", associatePublicIp=" + associatePublicIp + ", secondaryPrivateIpCount=" + secondaryPrivateIpCount
        + ", sourceDestCheck=" + sourceDestCheck + ", volumeTagKeys=" + new java.util.TreeSet<>(volumeTags.keySet())
        + "]";
  }

  /** T2 starts in standard mode, later burstable families in unlimited. */
  static String defaultCredits(String type) {
    return type.startsWith("t2.") ? "standard" : "unlimited";
  }

  static boolean burstable(String type) {
    return type.matches("t\\d[a-z]*\\..+");
  }
}
