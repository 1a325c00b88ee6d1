package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The tags a replacement carries from its first moment: the link back, then the original's own. */
final class ReplacementTags {

  /** EC2 allows 50 tags per resource. */
  private static final int MAX_TAGS = 50;

  private ReplacementTags() {}

  /** The link tag, then {@code plan} (what the replacement takes over), then the original's tags. */
  static List<Tag> of(Original original, Map<String, String> plan) {
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key(TagKeys.REPLACES).value(original.instanceId()).build());
    plan.forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).build()));
    for (Map.Entry<String, String> e : original.copyableTags().entrySet()) {
      if (!e.getKey().equals(TagKeys.REPLACES) && tags.size() < MAX_TAGS) {
        tags.add(Tag.builder().key(e.getKey()).value(e.getValue()).build());
      }
    }
    return tags;
  }

  /**
   * For RunInstances and CreateFleet: tagging the instance at launch means a re-delivery finds it
   * (Replacements) even if this invocation dies before it could call CreateTags. These launches
   * leave no spot request, so the handover plan is recorded on the instance itself.
   */
  static TagSpecification onInstance(Original original, Map<String, String> plan) {
    return TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(of(original, plan)).build();
  }
}
