package dev.spotreplacer.replace;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the pool is chosen: candidate types, the interrupted pool's avoidance window, the price cap,
 * the launch strategy and the on-demand fallback.
 *
 * @param instanceTypes extra instance types to consider besides the original's (INSTANCE_TYPES)
 * @param diversify find compatible types automatically (DIVERSIFY)
 * @param maxVcpuFactor size ceiling for diversification: at most this many times the original's vCPUs
 * @param avoidWindow how long after the notice the interrupted pool is ranked last
 * @param maxPrice absolute price cap per hour, or null
 * @param maxPriceFraction cap as a fraction of the original type's on-demand price, or null
 * @param onDemandPrices on-demand prices that add to or correct the built-in table
 * @param placementScores ask GetSpotPlacementScores for a capacity signal
 */
public record PoolSettings(
    List<String> instanceTypes,
    boolean diversify,
    int maxVcpuFactor,
    Duration avoidWindow,
    BigDecimal maxPrice,
    BigDecimal maxPriceFraction,
    Map<String, BigDecimal> onDemandPrices,
    Strategy strategy,
    boolean onDemandFallback,
    boolean placementScores) {

  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z0-9-]+\\.[a-z0-9-]+");

  /** How the replacement is asked for. */
  public enum Strategy {
    /** One RequestSpotInstances per pool, best pool first. */
    SPOT_REQUEST,
    /** One CreateFleet (instant, price-capacity-optimized) over every candidate pool. */
    FLEET;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public PoolSettings {
    instanceTypes = List.copyOf(instanceTypes);
    Objects.requireNonNull(avoidWindow, "avoidWindow == null");
    onDemandPrices = Map.copyOf(onDemandPrices);
    Objects.requireNonNull(strategy, "strategy == null");
  }

  public static PoolSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * Reads INSTANCE_TYPES, DIVERSIFY, DIVERSIFY_MAX_VCPU_FACTOR, AVOID_INTERRUPTED_POOL_SECONDS,
   * MAX_PRICE, MAX_PRICE_FRACTION, ON_DEMAND_PRICES, LAUNCH_STRATEGY, ON_DEMAND_FALLBACK,
   * PLACEMENT_SCORES; errors name the variable.
   */
  public static PoolSettings fromEnvironment(Map<String, String> env) {
    List<String> types = instanceTypes(env.getOrDefault("INSTANCE_TYPES", ""), "INSTANCE_TYPES");
    BigDecimal fraction = decimal(env, "MAX_PRICE_FRACTION");
    if (fraction != null && fraction.compareTo(BigDecimal.TEN) > 0) {
      throw new IllegalArgumentException("MAX_PRICE_FRACTION: '" + env.get("MAX_PRICE_FRACTION")
          + "' must be a fraction of the on-demand price such as 0.7");
    }
    String strategy = env.getOrDefault("LAUNCH_STRATEGY", "spot-request").trim();
    Strategy launch = Arrays.stream(Strategy.values())
        .filter(s -> s.wireName().equalsIgnoreCase(strategy)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("LAUNCH_STRATEGY: '" + strategy
            + "' must be spot-request or fleet"));
    long factor = whole(env, "DIVERSIFY_MAX_VCPU_FACTOR", 2);
    if (factor < 1 || factor > 16) {
      throw new IllegalArgumentException("DIVERSIFY_MAX_VCPU_FACTOR: '" + factor + "' must be between 1 and 16");
    }
    return new PoolSettings(types, bool(env, "DIVERSIFY", false), (int) factor,
        Duration.ofSeconds(whole(env, "AVOID_INTERRUPTED_POOL_SECONDS", 180)),
        decimal(env, "MAX_PRICE"), fraction, prices(env.getOrDefault("ON_DEMAND_PRICES", "")), launch,
        bool(env, "ON_DEMAND_FALLBACK", false), bool(env, "PLACEMENT_SCORES", true));
  }

  /** Instance types from a setting or tag: separated by commas or spaces; errors name {@code field}. */
  static List<String> instanceTypes(String raw, String field) {
    List<String> types = Arrays.stream(raw.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String type : types) {
      if (!INSTANCE_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(field + ": '" + type + "' is not an instance type (such as m5.large)");
      }
    }
    return types.stream().distinct().toList();
  }

  private static Map<String, BigDecimal> prices(String raw) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    for (String entry : raw.split("[,\\s]+")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      String type = eq < 0 ? entry : entry.substring(0, eq);
      if (eq < 0 || !INSTANCE_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("ON_DEMAND_PRICES: '" + entry + "' must be TYPE=PRICE such as m5.large=0.096");
      }
      prices.put(type, positive(entry.substring(eq + 1), "ON_DEMAND_PRICES"));
    }
    return prices;
  }

  private static BigDecimal decimal(Map<String, String> env, String name) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? null : positive(raw.trim(), name);
  }

  private static BigDecimal positive(String raw, String name) {
    try {
      BigDecimal value = new BigDecimal(raw);
      if (value.signum() > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, naming the setting
    }
    throw new IllegalArgumentException(name + ": '" + raw + "' must be a positive decimal number");
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String raw = env.getOrDefault(name, String.valueOf(fallback)).trim();
    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw);
    }
    throw new IllegalArgumentException(name + ": '" + raw + "' must be true or false");
  }

  private static long whole(Map<String, String> env, String name, long fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(raw.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, naming the setting
    }
    throw new IllegalArgumentException(name + ": '" + raw + "' must be a whole number >= 0");
  }
}
