package dev.spotreplacer.replace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * On-demand prices per hour for the instance's own region and spot product, so that a cap can be a
 * fraction of the on-demand price without calling the Pricing API from every invocation. The
 * built-in table (on-demand-prices.csv, regenerated from the AWS Price List by
 * scripts/refresh-on-demand-prices.py) is read once per container; ON_DEMAND_PRICES adds to or
 * corrects it. A price the table lacks is unknown, never borrowed from another region.
 */
final class OnDemandPrices {

  static final String TABLE = "on-demand-prices.csv";

  /** A price and where it came from, for the result. */
  record Price(BigDecimal perHour, String source) {
    Price {
      Objects.requireNonNull(perHour, "perHour == null");
    }
  }

  private final String region;
  private final String product;
  private final Map<String, BigDecimal> overrides;

  /** Prices for {@code region} (null when unknown) and the spot product such as "Linux/UNIX". */
  OnDemandPrices(String region, String product, Map<String, BigDecimal> overrides) {
    this.region = region;
    this.product = product == null ? SpotPlatform.LINUX : product;
    this.overrides = Map.copyOf(overrides);
  }

  Optional<Price> of(String instanceType) {
    BigDecimal set = overrides.get(instanceType);
    if (set != null) {
      return Optional.of(new Price(set, "ON_DEMAND_PRICES"));
    }
    BigDecimal listed = region == null ? null : Table.ROWS.get(key(region, product, instanceType));
    return Optional.ofNullable(listed).map(p -> new Price(p, "built-in table, " + region + " " + product));
  }

  /** Names what was looked up, for a message about a missing price. */
  String describe(String instanceType) {
    return instanceType + " (" + product + ") in " + (region == null ? "an unknown region" : region);
  }

  private static String key(String region, String product, String type) {
    return region + "," + product + "," + type;
  }

  /** The table, parsed on first use and kept for the container's life. */
  private static final class Table {
    static final Map<String, BigDecimal> ROWS = load();

    private static Map<String, BigDecimal> load() {
      Map<String, BigDecimal> rows = new HashMap<>();
      try (InputStream in = OnDemandPrices.class.getResourceAsStream(TABLE)) {
        if (in == null) {
          throw new IllegalStateException(TABLE + " is missing from the build");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank() || line.startsWith("#") || line.startsWith("region,")) {
            continue;
          }
          String[] cells = line.split(",");
          if (cells.length != 4) {
            throw new IllegalStateException(TABLE + " line " + number + ": expected region,product,instanceType,price");
          }
          rows.put(key(cells[0].trim(), cells[1].trim(), cells[2].trim()), new BigDecimal(cells[3].trim()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Map.copyOf(rows);
    }
  }
}
