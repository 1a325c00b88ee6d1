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
 * fraction of the on-demand price. Three sources, in order: ON_DEMAND_PRICES (the user's word wins),
 * the built-in table (on-demand-prices.csv, regenerated from the AWS Price List by
 * src/scripts/refresh-on-demand-prices.py, read once per container), then the AWS Price List API for
 * the region itself, when the function has one to ask. A price none of them has is unknown, never
 * borrowed from another region or product.
 */
final class OnDemandPrices {

  static final String TABLE = "on-demand-prices.csv";

  /** A price and where it came from, for the result. */
  record Price(BigDecimal perHour, String source) {
    Price {
      Objects.requireNonNull(perHour, "perHour == null");
    }
  }

  /** A price, or which sources were asked in vain. */
  sealed interface Lookup permits Found, Unknown {}

  /** The price and its source. */
  record Found(Price price) implements Lookup {}

  /** @param tried the sources asked and what the last one said, as a clause of a sentence */
  record Unknown(String tried) implements Lookup {}

  private final String region;
  private final String product;
  private final Map<String, BigDecimal> overrides;
  private final Optional<PriceListApi> priceList;

  /** Prices from ON_DEMAND_PRICES and the built-in table only. */
  OnDemandPrices(String region, String product, Map<String, BigDecimal> overrides) {
    this(region, product, overrides, Optional.empty());
  }

  /** Prices for {@code region} (null when unknown) and the spot product such as "Linux/UNIX". */
  OnDemandPrices(String region, String product, Map<String, BigDecimal> overrides,
      Optional<PriceListApi> priceList) {
    this.region = region;
    this.product = product == null ? SpotPlatform.LINUX : product;
    this.overrides = Map.copyOf(overrides);
    this.priceList = priceList;
  }

  /**
   * The first source's price; the Price List is asked only when the others have none.
   *
   * @throws StepFailure when the Price List API refuses or fails
   */
  Lookup lookup(String instanceType) {
    BigDecimal set = overrides.get(instanceType);
    if (set != null) {
      return new Found(new Price(set, "ON_DEMAND_PRICES"));
    }
    BigDecimal listed = region == null ? null : Table.ROWS.get(key(region, product, instanceType));
    if (listed != null) {
      return new Found(new Price(listed, "built-in table, " + region + " " + product));
    }
    if (region == null || priceList.isEmpty()) {
      return new Unknown("neither ON_DEMAND_PRICES nor the built-in table has it");
    }
    PriceListApi.Answer answer = priceList.get().lookup(region, product, instanceType);
    if (answer instanceof PriceListApi.Listed price) {
      return new Found(new Price(price.perHour(), "AWS Price List API, " + region + " " + product));
    }
    return new Unknown("neither ON_DEMAND_PRICES, the built-in table nor the AWS Price List API has it (the Price"
        + " List API: " + ((PriceListApi.NotListed) answer).why() + ")");
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
