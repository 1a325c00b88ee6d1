package dev.spotreplacer.replace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.utils.Lazy;

/** On-demand prices from the AWS Price List API (pricing:GetProducts), cached for the container's life. */
public final class PriceListApi {

  /** What the Price List says of one region, spot product and instance type. */
  sealed interface Answer permits Listed, NotListed {}

  /** One on-demand price per hour, in USD. */
  record Listed(BigDecimal perHour) implements Answer {
    Listed {
      Objects.requireNonNull(perHour, "perHour == null");
    }
  }

  /** No single price: {@code why} says what the Price List answered instead. */
  record NotListed(String why) implements Answer {}

  /**
   * A price is kept for a day: on-demand prices change seldom and with notice, and a container
   * rarely lives that long. "No such price" is kept only a few minutes, so a storm of notices for
   * the same type makes one call, not hundreds, yet a price that appears is soon seen.
   */
  static final Duration LISTED_FOR = Duration.ofHours(24);
  static final Duration NOT_LISTED_FOR = Duration.ofMinutes(5);

  /** The spot products of {@link SpotPlatform} as the Price List's operatingSystem names them. */
  private static final Map<String, String> OPERATING_SYSTEMS = Map.of(
      SpotPlatform.LINUX, "Linux",
      "Red Hat Enterprise Linux", "RHEL",
      "SUSE Linux", "SUSE",
      "Windows", "Windows");

  private record Key(String region, String product, String instanceType) {}

  private record Cached(Answer answer, Instant until) {}

  private final Lazy<PricingClient> client;
  private final Clock clock;
  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();
  /** Built on the first answer to read: the default path never asks the Price List. */
  private final Lazy<ObjectMapper> json = new Lazy<>(ObjectMapper::new);

  /**
   * @param client builds the Pricing client, on the first lookup only: most containers never need
   *     it, and nothing is built for the SnapStart snapshot
   */
  public PriceListApi(Supplier<PricingClient> client, Clock clock) {
    this.client = new Lazy<>(Objects.requireNonNull(client, "client == null"));
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * The on-demand price of {@code instanceType} running {@code product} (a spot product such as
   * "Linux/UNIX") in {@code region}: shared tenancy, no pre-installed software, capacity status
   * Used, licence included. Two lookups racing for the same key may both call; either answer is kept.
   *
   * @throws StepFailure when the API refuses or fails (missing permission, throttling, an outage)
   */
  Answer lookup(String region, String product, String instanceType) {
    Key key = new Key(region, product, instanceType);
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.answer();
    }
    Answer answer = ask(key);
    cache.put(key, new Cached(answer, now.plus(answer instanceof Listed ? LISTED_FOR : NOT_LISTED_FOR)));
    return answer;
  }

  private Answer ask(Key key) {
    String operatingSystem = OPERATING_SYSTEMS.get(key.product());
    if (operatingSystem == null) {
      return new NotListed("it names no operating system for the spot product " + key.product());
    }
    List<String> products = new ArrayList<>();
    try {
      client.getValue().getProductsPaginator(b -> b
              .serviceCode("AmazonEC2")
              .formatVersion("aws_v1")
              .filters(
                  match("regionCode", key.region()),
                  match("instanceType", key.instanceType()),
                  match("operatingSystem", operatingSystem),
                  match("licenseModel", "No License required"),
                  match("tenancy", "Shared"),
                  match("preInstalledSw", "NA"),
                  match("capacitystatus", "Used")))
          .priceList()
          .forEach(products::add);
    } catch (SdkException e) {
      throw PriceListErrors.translate(e);
    }
    SortedSet<BigDecimal> prices = new TreeSet<>();
    for (String product : products) {
      prices.addAll(hourlyOnDemandUsd(product));
    }
    if (prices.isEmpty()) {
      return new NotListed(products.isEmpty() ? "no product matches"
          : products.size() + " product(s) match, none with an hourly on-demand price in USD");
    }
    if (prices.size() > 1) {
      // Never pick one: a cap is only as good as the price it is a fraction of.
      return new NotListed("products match at " + prices.size() + " different prices, "
          + prices.stream().map(p -> p.stripTrailingZeros().toPlainString()).toList());
    }
    return new Listed(prices.first().stripTrailingZeros());
  }

  private static Filter match(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  /**
   * The hourly USD prices of a product's on-demand terms: terms.OnDemand.{term}.priceDimensions.
   * {dimension}.pricePerUnit.USD where the unit is "Hrs". Reserved terms are not read; a zero price
   * (a capacity reservation already paid for) is no on-demand price.
   */
  private List<BigDecimal> hourlyOnDemandUsd(String product) {
    JsonNode document;
    try {
      document = json.getValue().readTree(product);
    } catch (JsonProcessingException e) {
      return List.of();
    }
    List<BigDecimal> prices = new ArrayList<>();
    for (JsonNode term : document.path("terms").path("OnDemand")) {
      for (JsonNode dimension : term.path("priceDimensions")) {
        JsonNode usd = dimension.path("pricePerUnit").path("USD");
        if ("Hrs".equals(dimension.path("unit").asText()) && usd.isTextual()) {
          try {
            BigDecimal price = new BigDecimal(usd.asText());
            if (price.signum() > 0) {
              prices.add(price);
            }
          } catch (NumberFormatException e) {
            // not a price: left out, as a product without one
          }
        }
      }
    }
    return prices;
  }
}
