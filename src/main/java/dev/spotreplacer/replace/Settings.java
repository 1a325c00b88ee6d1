package dev.spotreplacer.replace;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's choices, read once from the function's environment (or the CLI's flags).
 *
 * @param subnetIds where replacements may go; empty means the interrupted instance's own subnet
 * @param optInTagKey only instances carrying this tag (with {@code optInTagValue}) are replaced;
 *     null replaces every eligible spot instance
 * @param safetyMargin stop watching this long before the Lambda would be killed
 * @param priceWindow how far back to read spot price history
 * @param pools how the pool is chosen and the replacement launched (see {@link PoolSettings})
 * @param replaceOnRebalance launch on a rebalance recommendation, before the interruption warning
 * @param handover when the Elastic IP moves to the replacement (ELASTIC_IP_HANDOVER)
 */
public record Settings(
    List<String> subnetIds,
    String optInTagKey,
    String optInTagValue,
    Duration safetyMargin,
    Duration priceWindow,
    boolean dryRun,
    PoolSettings pools,
    boolean replaceOnRebalance,
    HandoverTiming handover) {

  public static final String DEFAULT_OPT_IN_TAG = TagKeys.ENABLED + "=true";
  static final String NO_OPT_IN = "none";

  public Settings {
    subnetIds = List.copyOf(subnetIds);
    Objects.requireNonNull(safetyMargin, "safetyMargin == null");
    Objects.requireNonNull(priceWindow, "priceWindow == null");
    pools = pools == null ? PoolSettings.defaults() : pools;
    handover = handover == null ? HandoverTiming.OLD_INSTANCE_STOPPED : handover;
  }

  /** Defaults: opt-in by tag, the original subnet, terminate notices only. */
  public static Settings defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads SUBNET_IDS, OPT_IN_TAG, SAFETY_MARGIN_SECONDS, PRICE_WINDOW_MINUTES, DRY_RUN,
   * REPLACE_ON_REBALANCE, ELASTIC_IP_HANDOVER; REPLACE_ON_STOP and REPLACE_ON_HIBERNATE set to true are refused (removed).
   */
  public static Settings fromEnvironment(Map<String, String> env) {
    List<String> subnets = Arrays.stream(env.getOrDefault("SUBNET_IDS", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String subnet : subnets) {
      if (!subnet.matches("subnet-[0-9a-f]{1,17}")) {
        throw new IllegalArgumentException("SUBNET_IDS: '" + subnet + "' is not a subnet id (subnet-...)");
      }
    }
    String optIn = env.getOrDefault("OPT_IN_TAG", DEFAULT_OPT_IN_TAG).trim();
    String key = null;
    String value = null;
    if (!optIn.equalsIgnoreCase(NO_OPT_IN)) {
      int eq = optIn.indexOf('=');
      if (eq <= 0 || eq == optIn.length() - 1) {
        throw new IllegalArgumentException("OPT_IN_TAG: '" + optIn + "' must be KEY=VALUE (default "
            + DEFAULT_OPT_IN_TAG + "), or 'none' to replace every eligible spot instance");
      }
      key = optIn.substring(0, eq);
      value = optIn.substring(eq + 1);
    }
    removed(env, "REPLACE_ON_STOP", "stop");
    removed(env, "REPLACE_ON_HIBERNATE", "hibernate");
    return new Settings(subnets, key, value,
        Duration.ofSeconds(number(env, "SAFETY_MARGIN_SECONDS", 10)),
        Duration.ofMinutes(number(env, "PRICE_WINDOW_MINUTES", 60)),
        bool(env, "DRY_RUN"), PoolSettings.fromEnvironment(env), bool(env, "REPLACE_ON_REBALANCE"),
        HandoverTiming.parse(env.get("ELASTIC_IP_HANDOVER")));
  }

  public Settings withSubnetIds(List<String> ids) {
    return new Settings(ids, optInTagKey, optInTagValue,
        safetyMargin, priceWindow, dryRun, pools, replaceOnRebalance, handover);
  }

  public Settings withDryRun(boolean on) {
    return new Settings(subnetIds, optInTagKey, optInTagValue,
        safetyMargin, priceWindow, on, pools, replaceOnRebalance, handover);
  }

  public Settings withPools(PoolSettings value) {
    return new Settings(subnetIds, optInTagKey, optInTagValue,
        safetyMargin, priceWindow, dryRun, value, replaceOnRebalance, handover);
  }

  public Settings withReplaceOnRebalance(boolean on) {
    return new Settings(subnetIds, optInTagKey, optInTagValue,
        safetyMargin, priceWindow, dryRun, pools, on, handover);
  }

  public Settings withHandover(HandoverTiming value) {
    return new Settings(subnetIds, optInTagKey, optInTagValue, safetyMargin, priceWindow, dryRun, pools,
        replaceOnRebalance, value);
  }

  public Optional<String> optInTag() {
    return Optional.ofNullable(optInTagKey);
  }

  /**
   * Stop and hibernate happen only to instances of a persistent spot request or a maintained
   * fleet, which restart them when capacity returns and which are skipped as managed elsewhere:
   * a setting to replace them could never act, so it was removed rather than left to mislead.
   */
  private static void removed(Map<String, String> env, String name, String action) {
    if (bool(env, name)) {
      throw new IllegalArgumentException(name + ": removed. EC2 " + action + "s only instances of a persistent"
          + " spot request or a maintained fleet, and those restart them when capacity returns; replacing them"
          + " as well would make a duplicate. Unset " + name);
    }
  }

  private static boolean bool(Map<String, String> env, String name) {
    String raw = env.getOrDefault(name, "false").trim();
    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new IllegalArgumentException(name + ": '" + raw + "' must be true or false");
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + raw + "' must be a whole number >= 0");
    }
  }
}
