package dev.spotreplacer.replace;

/**
 * Every tag key spot-replacer reads or writes, in one place: the IAM policy in template.yaml
 * conditions on some of them, so a key renamed here must be renamed there too.
 */
public final class TagKeys {

  /** On a replacement (and its request): the id of the instance it replaces. The link every resume follows. */
  public static final String REPLACES = "spot-replacer:replaces";
  /** The default opt-in tag's key (setting OPT_IN_TAG). */
  public static final String ENABLED = "spot-replacer:enabled";

  // Set by users on the original.
  /** Subnets the replacement may use, comma-separated. */
  public static final String SUBNETS = "spot-replacer:subnets";
  /** Instance types the replacement may be, comma-separated. */
  public static final String INSTANCE_TYPES = "spot-replacer:instance-types";
  /** The Elastic IP to move to the replacement. */
  public static final String EIP = "spot-replacer:eip";
  /** Data volumes to move, device=volume pairs. */
  public static final String VOLUMES = "spot-replacer:volumes";
  /** On a volume or interface: follow the instance it is attached to. */
  public static final String FOLLOW = "spot-replacer:follow";

  // The handover plan, on the spot request and the launch plan.
  /** What every handover-plan tag starts with. */
  public static final String CARRY_PREFIX = "spot-replacer:carry-";
  /** The Elastic IP to move. */
  public static final String CARRY_EIP = "spot-replacer:carry-eip";
  /** Prefix: one tag per volume, {@code spot-replacer:carry-volume:vol-...=/dev/sdf}. */
  public static final String CARRY_VOLUME_PREFIX = "spot-replacer:carry-volume:";
  /** Prefix: one tag per interface, {@code spot-replacer:carry-eni:eni-...=1} (device index). */
  public static final String CARRY_INTERFACE_PREFIX = "spot-replacer:carry-eni:";

  // What a launch template cannot hold, kept as tags of the launch plan.
  public static final String PLAN_SUBNET = "spot-replacer:subnet-id";
  public static final String PLAN_ZONE = "spot-replacer:availability-zone";
  public static final String PLAN_PLATFORM = "spot-replacer:platform";
  public static final String PLAN_SOURCE_DEST_CHECK = "spot-replacer:source-dest-check";
  public static final String PLAN_ARCHITECTURE = "spot-replacer:architecture";

  private TagKeys() {}
}
