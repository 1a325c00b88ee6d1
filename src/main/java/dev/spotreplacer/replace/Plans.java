package dev.spotreplacer.replace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Keeps each replacement's {@link Plan} in a launch template named for the interrupted instance:
 * an AWS-native place every later invocation finds by name, whichever call launched (spot request,
 * CreateFleet, RunInstances), and one CreateFleet takes as it is. Deleted once the handover is
 * complete; templates older than {@link #KEEP} are swept then, off the path to the launch.
 */
final class Plans {

  /** Lambda's retries end within minutes and EC2 forgets a terminated instance after an hour. */
  static final Duration KEEP = Duration.ofDays(1);

  private final Ec2Client ec2;
  private final Clock clock;

  Plans(Ec2Client ec2, Clock clock) {
    this.ec2 = ec2;
    this.clock = clock;
  }

  static String templateName(String interruptedInstanceId) {
    return "spot-replacer-" + interruptedInstanceId;
  }

  /** The plan captured for the interrupted instance, if an earlier invocation captured one. */
  Optional<Plan> find(String interruptedInstanceId) {
    String name = templateName(interruptedInstanceId);
    LaunchTemplate template;
    ResponseLaunchTemplateData data;
    try {
      Optional<LaunchTemplate> found = ec2.describeLaunchTemplates(b -> b.launchTemplateNames(name))
          .launchTemplates().stream().findFirst();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      template = found.get();
      data = ec2.describeLaunchTemplateVersions(b -> b.launchTemplateId(template.launchTemplateId())
          .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData();
    } catch (SdkException e) {
      if (Ec2Errors.hasCode(e, "InvalidLaunchTemplateName.NotFoundException")
          || Ec2Errors.hasCode(e, "InvalidLaunchTemplateId.NotFound")) {
        return Optional.empty();
      }
      throw Ec2Errors.translate(e, "DescribeLaunchTemplates");
    }
    Map<String, String> planTags = map(template.tags());
    String subnet = planTags.get(TagKeys.PLAN_SUBNET);
    String zone = planTags.get(TagKeys.PLAN_ZONE);
    if (subnet == null || zone == null || data == null || data.imageId() == null || data.instanceType() == null) {
      throw new StepFailure(Reason.Code.BAD_PLAN, "the launch template " + name + " lacks what a replacement needs (made by"
          + " hand or changed?): delete it to replace " + interruptedInstanceId + " from EC2's view again", null);
    }
    var primary = data.networkInterfaces().stream().filter(n -> n.deviceIndex() == null || n.deviceIndex() == 0)
        .findFirst();
    LaunchSpec spec = new LaunchSpec(data.imageId(), data.instanceTypeAsString(), zone, subnet,
        primary.map(n -> n.groups()).filter(g -> !g.isEmpty()).orElse(data.securityGroupIds()), data.keyName(),
        data.iamInstanceProfile() == null ? null : data.iamInstanceProfile().arn(), data.userData(),
        Boolean.TRUE.equals(data.ebsOptimized()),
        data.monitoring() != null && Boolean.TRUE.equals(data.monitoring().enabled()),
        data.blockDeviceMappings().stream().filter(m -> m.ebs() != null).map(Plans::device).toList(),
        planTags.get(TagKeys.PLAN_ARCHITECTURE), options(data, primary, planTags));
    Map<String, String> instanceTags = new LinkedHashMap<>();
    data.tagSpecifications().stream().filter(s -> s.resourceType() == ResourceType.INSTANCE)
        .forEach(s -> instanceTags.putAll(map(s.tags())));
    instanceTags.remove(TagKeys.REPLACES);
    // Its eligibility was decided when the plan was made: only spot instances get one.
    Original original = new Original(interruptedInstanceId, null, "spot", null,
        planTags.getOrDefault(TagKeys.PLAN_PLATFORM, "Linux/UNIX"), spec, instanceTags);
    return Optional.of(new Plan(template.launchTemplateId(), name, original,
        Carryover.fromRequestTags(planTags).orElse(Carryover.NONE)));
  }

  /** The launch options the template carries back, as they were read from the original. */
  private static InstanceOptions options(ResponseLaunchTemplateData data,
      Optional<software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecification> primary,
      Map<String, String> planTags) {
    var imds = data.metadataOptions();
    Map<String, String> volumeTags = new LinkedHashMap<>();
    data.tagSpecifications().stream().filter(t -> t.resourceType() == ResourceType.VOLUME)
        .forEach(t -> volumeTags.putAll(map(t.tags())));
    return new InstanceOptions(
        imds == null ? null : new InstanceOptions.MetadataOptions(imds.httpTokensAsString(),
            imds.httpPutResponseHopLimit(), imds.httpEndpointAsString(), imds.instanceMetadataTagsAsString(),
            imds.httpProtocolIpv6AsString()),
        data.cpuOptions() == null ? null : data.cpuOptions().coreCount(),
        data.cpuOptions() == null ? null : data.cpuOptions().threadsPerCore(),
        data.creditSpecification() == null ? null : data.creditSpecification().cpuCredits(),
        data.placement() == null ? null : data.placement().groupName(),
        data.placement() == null ? null : data.placement().tenancyAsString(),
        data.hibernationOptions() != null && Boolean.TRUE.equals(data.hibernationOptions().configured()),
        primary.map(n -> n.ipv6AddressCount() == null ? 0 : n.ipv6AddressCount()).orElse(0),
        primary.map(n -> Boolean.TRUE.equals(n.associatePublicIpAddress())).orElse(false),
        primary.map(n -> n.secondaryPrivateIpAddressCount() == null ? 0 : n.secondaryPrivateIpAddressCount()).orElse(0),
        !"false".equals(planTags.get(TagKeys.PLAN_SOURCE_DEST_CHECK)),
        volumeTags,
        List.of());
  }

  /**
   * Makes the plan while the original still runs. The name is the idempotency key: a concurrent
   * delivery that made it first has its plan read back instead.
   */
  /** The template data plus the replacement's own tags, beside any volume tags it already carries. */
  private static RequestLaunchTemplateData withInstanceTags(RequestLaunchTemplateData data, Original original,
      Carryover carryover) {
    List<LaunchTemplateTagSpecificationRequest> specs = new ArrayList<>(data.tagSpecifications());
    specs.add(LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.INSTANCE)
        .tags(ReplacementTags.of(original, carryover.requestTags())).build());
    return data.toBuilder().tagSpecifications(specs).build();
  }

  Plan capture(Original original, Carryover carryover) {
    String name = templateName(original.instanceId());
    List<Tag> tags = new ArrayList<>();
    tags.add(tag(TagKeys.REPLACES, original.instanceId()));
    tags.add(tag(TagKeys.PLAN_SUBNET, original.spec().subnetId()));
    tags.add(tag(TagKeys.PLAN_ZONE, original.spec().availabilityZone()));
    tags.add(tag(TagKeys.PLAN_PLATFORM, original.platform()));
    tags.add(tag(TagKeys.PLAN_SOURCE_DEST_CHECK, Boolean.toString(original.spec().options().sourceDestCheck())));
    if (original.spec().architecture() != null) {
      tags.add(tag(TagKeys.PLAN_ARCHITECTURE, original.spec().architecture()));
    }
    carryover.requestTags().forEach((key, value) -> tags.add(tag(key, value)));
    // Made by a concurrent delivery: read back; made and deleted by one that finished meanwhile
    // (rare): the name is free again. Every launch after this is idempotent by ClientToken.
    for (int attempt = 1; ; attempt++) {
      try {
        String id = ec2.createLaunchTemplate(b -> b
            .launchTemplateName(name)
            .launchTemplateData(withInstanceTags(FleetLauncher.templateData(original), original, carryover))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE).tags(tags)
                .build()))
            .launchTemplate().launchTemplateId();
        return new Plan(id, name, original, carryover);
      } catch (SdkException e) {
        if (!Ec2Errors.hasCode(e, "InvalidLaunchTemplateName.AlreadyExistsException") || attempt == 3) {
          throw Ec2Errors.translate(e, "CreateLaunchTemplate");
        }
        Optional<Plan> made = find(original.instanceId());
        if (made.isPresent()) {
          return made.get();
        }
      }
    }
  }

  /**
   * The handover is complete: nothing later needs the plan. Plans that outlived {@link #KEEP}
   * (their runs died or never finished) go too, here rather than before a launch, where every
   * call delays the replacement and, in a storm, draws on throttled buckets.
   */
  void delete(Plan plan) {
    try {
      ec2.deleteLaunchTemplate(b -> b.launchTemplateId(plan.templateId()));
    } catch (SdkException e) {
      // Deleted by a concurrent delivery already, or EC2 failing for now: a later sweep removes it.
    }
    sweep();
  }

  /** Plans of runs that never completed (the instance was already gone, no pool would take it). */
  private void sweep() {
    Instant cutoff = clock.instant().minus(KEEP);
    try {
      ec2.describeLaunchTemplates(b -> b.filters(f -> f.name("tag-key").values(TagKeys.REPLACES)))
          .launchTemplates().stream()
          .filter(t -> t.createTime() != null && t.createTime().isBefore(cutoff))
          .forEach(t -> ec2.deleteLaunchTemplate(b -> b.launchTemplateId(t.launchTemplateId())));
    } catch (SdkException e) {
      // Tidying only: the replacement at hand does not depend on it.
    }
  }

  private static BlockDevice device(LaunchTemplateBlockDeviceMapping m) {
    var ebs = m.ebs();
    return new BlockDevice(m.deviceName(), ebs.volumeSize(), ebs.volumeTypeAsString(), ebs.iops(), ebs.throughput(),
        ebs.encrypted(), ebs.kmsKeyId(), Boolean.TRUE.equals(ebs.deleteOnTermination()));
  }

  private static Map<String, String> map(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
    return map;
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
