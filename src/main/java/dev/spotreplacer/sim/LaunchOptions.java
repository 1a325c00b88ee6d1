package dev.spotreplacer.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.RequestSpotLaunchSpecification;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What an instance is launched with beyond image, type, network and storage: metadata options, CPU
 * options, credit specification, placement group and tenancy, hibernation, addresses and the tags
 * its launch volumes get. Each launch call sets only what its API can express; the rest keeps
 * EC2's defaults, which is what makes a replacement through the wrong API weaker than its original.
 *
 * @param coreCount null for the type's default
 * @param creditSpecification null for the type's default (burstable types only)
 * @param associatePublicIp null for the subnet's default (which is no public address here)
 */
public record LaunchOptions(
    String httpTokens,
    int httpPutResponseHopLimit,
    String httpEndpoint,
    String instanceMetadataTags,
    Integer coreCount,
    Integer threadsPerCore,
    String creditSpecification,
    String placementGroup,
    String tenancy,
    boolean hibernation,
    int ipv6AddressCount,
    Boolean associatePublicIp,
    int secondaryPrivateIpCount,
    boolean sourceDestCheck,
    Map<String, String> volumeTags,
    List<SecondaryInterface> secondaryInterfaces) {

  /** A network interface created apart and attached at {@code deviceIndex} (scenario instances only). */
  public record SecondaryInterface(String networkInterfaceId, int deviceIndex, boolean deleteOnTermination,
      Map<String, String> tags) {
    public SecondaryInterface {
      tags = Map.copyOf(tags);
    }
  }

  /** EC2's defaults for an AMI without IMDS settings, in an account without metadata defaults. */
  static final LaunchOptions DEFAULT = new LaunchOptions("optional", 1, "enabled", "disabled", null, null, null,
      null, "default", false, 0, null, 0, true, Map.of(), List.of());

  public LaunchOptions {
    volumeTags = Map.copyOf(volumeTags);
    secondaryInterfaces = List.copyOf(secondaryInterfaces == null ? List.of() : secondaryInterfaces);
  }

  /** What RunInstances sets. */
  static LaunchOptions of(RunInstancesRequest r) {
    Builder b = new Builder();
    if (r.metadataOptions() != null) {
      b.metadata(r.metadataOptions().httpTokensAsString(), r.metadataOptions().httpPutResponseHopLimit(),
          r.metadataOptions().httpEndpointAsString(), r.metadataOptions().instanceMetadataTagsAsString());
    }
    if (r.cpuOptions() != null) {
      b.coreCount = r.cpuOptions().coreCount();
      b.threadsPerCore = r.cpuOptions().threadsPerCore();
    }
    if (r.creditSpecification() != null) {
      b.creditSpecification = r.creditSpecification().cpuCredits();
    }
    if (r.placement() != null) {
      b.placementGroup = r.placement().groupName();
      b.tenancy = r.placement().tenancyAsString();
    }
    b.hibernation = r.hibernationOptions() != null && Boolean.TRUE.equals(r.hibernationOptions().configured());
    if (r.ipv6AddressCount() != null) {
      b.ipv6AddressCount = r.ipv6AddressCount();
    }
    if (r.hasNetworkInterfaces() && !r.networkInterfaces().isEmpty()) {
      b.networkInterface(r.networkInterfaces().get(0));
    }
    b.volumeTags = volumeTags(r.tagSpecifications());
    return b.build();
  }

  /** What a launch template holds. */
  static LaunchOptions of(RequestLaunchTemplateData d) {
    Builder b = new Builder();
    if (d.metadataOptions() != null) {
      b.metadata(d.metadataOptions().httpTokensAsString(), d.metadataOptions().httpPutResponseHopLimit(),
          d.metadataOptions().httpEndpointAsString(), d.metadataOptions().instanceMetadataTagsAsString());
    }
    if (d.cpuOptions() != null) {
      b.coreCount = d.cpuOptions().coreCount();
      b.threadsPerCore = d.cpuOptions().threadsPerCore();
    }
    if (d.creditSpecification() != null) {
      b.creditSpecification = d.creditSpecification().cpuCredits();
    }
    if (d.placement() != null) {
      b.placementGroup = d.placement().groupName();
      b.tenancy = d.placement().tenancyAsString();
    }
    b.hibernation = d.hibernationOptions() != null && Boolean.TRUE.equals(d.hibernationOptions().configured());
    if (d.hasNetworkInterfaces() && !d.networkInterfaces().isEmpty()) {
      LaunchTemplateInstanceNetworkInterfaceSpecificationRequest ni = d.networkInterfaces().get(0);
      b.associatePublicIp = ni.associatePublicIpAddress();
      b.secondaryPrivateIpCount = ni.secondaryPrivateIpAddressCount() == null ? 0 : ni.secondaryPrivateIpAddressCount();
      b.ipv6AddressCount = ni.ipv6AddressCount() == null ? 0 : ni.ipv6AddressCount();
    }
    b.volumeTags = volumeTags(d.tagSpecifications().stream().map(s -> TagSpecification.builder()
        .resourceType(s.resourceTypeAsString()).tags(s.tags()).build()).toList());
    return b.build();
  }

  /** What RequestSpotInstances can set: placement and the primary network interface, nothing else. */
  static LaunchOptions of(RequestSpotLaunchSpecification s) {
    Builder b = new Builder();
    if (s.placement() != null) {
      b.placementGroup = s.placement().groupName();
      b.tenancy = s.placement().tenancyAsString();
    }
    if (s.hasNetworkInterfaces() && !s.networkInterfaces().isEmpty()) {
      b.networkInterface(s.networkInterfaces().get(0));
    }
    return b.build();
  }

  private static Map<String, String> volumeTags(List<TagSpecification> specifications) {
    Map<String, String> tags = new LinkedHashMap<>();
    specifications.stream().filter(s -> "volume".equals(s.resourceTypeAsString()))
        .forEach(s -> s.tags().forEach(t -> tags.put(t.key(), t.value() == null ? "" : t.value())));
    return tags;
  }

  /** Starts from the defaults; unset request fields keep them. */
  static final class Builder {
    String httpTokens = DEFAULT.httpTokens;
    int hopLimit = DEFAULT.httpPutResponseHopLimit;
    String httpEndpoint = DEFAULT.httpEndpoint;
    String metadataTags = DEFAULT.instanceMetadataTags;
    Integer coreCount;
    Integer threadsPerCore;
    String creditSpecification;
    String placementGroup;
    String tenancy = DEFAULT.tenancy;
    boolean hibernation;
    int ipv6AddressCount;
    Boolean associatePublicIp;
    int secondaryPrivateIpCount;
    boolean sourceDestCheck = true;
    Map<String, String> volumeTags = Map.of();
    List<SecondaryInterface> secondaryInterfaces = List.of();

    Builder metadata(String tokens, Integer hopLimit, String endpoint, String tags) {
      httpTokens = tokens == null ? httpTokens : tokens;
      this.hopLimit = hopLimit == null ? this.hopLimit : hopLimit;
      httpEndpoint = endpoint == null ? httpEndpoint : endpoint;
      metadataTags = tags == null ? metadataTags : tags;
      return this;
    }

    private void networkInterface(InstanceNetworkInterfaceSpecification ni) {
      associatePublicIp = ni.associatePublicIpAddress();
      secondaryPrivateIpCount = ni.secondaryPrivateIpAddressCount() == null ? 0 : ni.secondaryPrivateIpAddressCount();
      if (ni.ipv6AddressCount() != null) {
        ipv6AddressCount = ni.ipv6AddressCount();
      }
    }

    LaunchOptions build() {
      return new LaunchOptions(httpTokens, hopLimit, httpEndpoint, metadataTags, coreCount, threadsPerCore,
          creditSpecification, placementGroup, tenancy == null || tenancy.isEmpty() ? "default" : tenancy,
          hibernation, ipv6AddressCount, associatePublicIp, secondaryPrivateIpCount, sourceDestCheck, volumeTags,
          secondaryInterfaces);
    }
  }
}
