package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotreplacer.sim.SignedCall;
import dev.spotreplacer.sim.SimSpotRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The price cap in a region the built-in table does not cover (it has us-east-1 only): the
 * on-demand price comes from the AWS Price List API, once per container, and only when a cap needs it.
 */
class PriceListFlowTest {

  private static final String REGION = "eu-west-1";
  private static final String SECOND = "i-0fedcba9876543210";

  /** Two opted-in m5.large instances in eu-west-1a; pools in a, b and c, the cheapest in b. */
  private static String scenario(String extra, String poolCapacity) {
    String instance = """
        {"instanceId": "%s", "instanceType": "m5.large", "availabilityZone": "eu-west-1a",
         "subnetId": "subnet-0a1", "imageId": "ami-0a1", "lifecycle": "spot", "securityGroupIds": ["sg-0a1"],
         "tags": {"spot-replacer:enabled": "true"}}""";
    return """
        {"region": "eu-west-1",
         "instances": [%s, %s],
         "subnets": [{"subnetId": "subnet-0b1", "availabilityZone": "eu-west-1b"},
                     {"subnetId": "subnet-0c1", "availabilityZone": "eu-west-1c"}],
         "pools": [{"instanceType": "m5.large", "availabilityZone": "eu-west-1a", "price": "0.0400", "capacity": %3$s},
                   {"instanceType": "m5.large", "availabilityZone": "eu-west-1b", "price": "0.0310", "capacity": %3$s},
                   {"instanceType": "m5.large", "availabilityZone": "eu-west-1c", "price": "0.0350", "capacity": %3$s}],
         "timing": {"evaluateSeconds": 1, "fulfillSeconds": 3, "bootSeconds": 40},
         "seed": 7%4$s}
        """.formatted(instance.formatted(OLD), instance.formatted(SECOND), poolCapacity, extra);
  }

  /** The Price List lists m5.large in eu-west-1 at 0.107 (and other regions, types and products besides). */
  private static final String PRICES = """
      , "onDemandPrices": [
          {"region": "eu-west-1", "instanceType": "m5.large", "price": "0.107"},
          {"region": "eu-west-1", "instanceType": "m5.large", "operatingSystem": "Windows", "price": "0.199"},
          {"region": "eu-central-1", "instanceType": "m5.large", "price": "0.115"},
          {"region": "eu-west-1", "instanceType": "c5.large", "price": "0.096"}]""";

  private static String warning(String instanceId) {
    return Flow.warning(instanceId).replace("us-east-1", REGION);
  }

  private static Settings settings(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("SUBNET_IDS", "subnet-0a1,subnet-0b1,subnet-0c1");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Settings.fromEnvironment(env);
  }

  private static List<SignedCall> priceListCalls(Flow flow) {
    return flow.emulator.signedCalls().stream().filter(c -> c.service().equals("pricing")).toList();
  }

  private static List<String> spotPricesAsked(Flow flow, String instanceId) {
    return flow.emulator.spotRequests().stream().filter(r -> instanceId.equals(r.tags().get("spot-replacer:replaces")))
        .map(SimSpotRequest::spotPrice).toList();
  }

  @Test
  void fractionCap_inARegionTheTableLacks_comesFromThePriceList_andNamesIt() {
    try (Flow flow = Flow.of(scenario(PRICES, "10"))) {
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.priceCap()).isEqualTo(new AppliedCap("0.0535", "MAX_PRICE_FRACTION 0.5 x on-demand 0.107"
          + " for m5.large (AWS Price List API, eu-west-1 Linux/UNIX)"));
      assertThat(spotPricesAsked(flow, OLD)).containsExactly("0.0535");
      // One call, signed by the function's own key, to a region that serves the API.
      assertThat(priceListCalls(flow)).extracting(SignedCall::action, SignedCall::region)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("GetProducts", "us-east-1"));
    }
  }

  @Test
  void secondInvocationInTheSameContainer_usesTheCachedPrice() {
    try (Flow flow = Flow.of(scenario(PRICES, "10"))) {
      Result first = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));
      flow.clock.advance(Duration.ofMinutes(30));
      Result second = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(SECOND));

      assertThat(first.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(second.priceCap()).isEqualTo(first.priceCap());
      assertThat(spotPricesAsked(flow, SECOND)).containsExactly("0.0535");
      assertThat(priceListCalls(flow)).hasSize(1);
    }
  }

  @Test
  void priceListDenied_failsNamingThePermission_andLaunchesNothing() {
    try (Flow flow = Flow.of(scenario(PRICES + ", \"deny\": [\"GetProducts\"]", "10"))) {
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason()).isEqualTo(Reason.Code.MISSING_PERMISSION);
      assertThat(result.message()).isEqualTo("not allowed to call pricing:GetProducts (the AWS Price List API, asked"
          + " for the on-demand price the price cap needs): grant it to the function's role (template.yaml,"
          + " statement ReadPriceList), or set ON_DEMAND_PRICES");
      assertThat(flow.emulator.mutatingCalls()).isZero();
      assertThat(flow.emulator.actionCounts()).doesNotContainKey("RequestSpotInstances");
    }
  }

  @Test
  void onDemandPricesSetting_wins_withoutAskingThePriceList() {
    try (Flow flow = Flow.of(scenario(PRICES, "10"))) {
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5", "ON_DEMAND_PRICES", "m5.large=0.1"),
          warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.priceCap()).isEqualTo(new AppliedCap("0.05",
          "MAX_PRICE_FRACTION 0.5 x on-demand 0.1 for m5.large (ON_DEMAND_PRICES)"));
      assertThat(priceListCalls(flow)).isEmpty();
    }
  }

  @Test
  void withoutACap_nothingAsksThePriceList() {
    try (Flow flow = Flow.of(scenario(PRICES, "10"))) {
      Result result = flow.replace(settings(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.priceCap()).isNull();
      assertThat(priceListCalls(flow)).isEmpty();
    }
  }

  @Test
  void absoluteCap_alone_asksNothingEither() {
    try (Flow flow = Flow.of(scenario(PRICES, "10"))) {
      Result result = flow.replace(settings("MAX_PRICE", "0.05"), warning(OLD));

      assertThat(result.priceCap()).isEqualTo(new AppliedCap("0.05", "MAX_PRICE 0.05"));
      assertThat(priceListCalls(flow)).isEmpty();
    }
  }

  @Test
  void typeThePriceListDoesNotList_failsSayingWhichSourcesWereAsked() {
    String withoutM5 = PRICES.replace("{\"region\": \"eu-west-1\", \"instanceType\": \"m5.large\", \"price\": \"0.107\"},",
        "");
    try (Flow flow = Flow.of(scenario(withoutM5, "10"))) {
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason()).isEqualTo(Reason.Code.ON_DEMAND_PRICE_UNKNOWN);
      assertThat(result.message()).isEqualTo("MAX_PRICE_FRACTION is set but the on-demand price of m5.large"
          + " (Linux/UNIX) in eu-west-1 is unknown: neither ON_DEMAND_PRICES, the built-in table nor the AWS Price"
          + " List API has it (the Price List API: no product matches); add it with"
          + " ON_DEMAND_PRICES=m5.large=<price per hour>, or set MAX_PRICE instead");
      assertThat(flow.emulator.mutatingCalls()).isZero();
    }
  }

  @Test
  void windowsInstance_isCappedAtTheWindowsPrice() {
    String windows = scenario(PRICES, "10").replace("\"lifecycle\": \"spot\",",
        "\"lifecycle\": \"spot\", \"platform\": \"Windows\",").replace("\"capacity\": 10}",
        "\"capacity\": 10, \"productDescription\": \"Windows\"}");
    try (Flow flow = Flow.of(windows)) {
      Result result = flow.replace(settings("MAX_PRICE_FRACTION", "0.5"), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.priceCap().source()).isEqualTo("MAX_PRICE_FRACTION 0.5 x on-demand 0.199 for m5.large"
          + " (AWS Price List API, eu-west-1 Windows)");
    }
  }

  @Test
  void onDemandFallback_checksMaxPriceAgainstThePriceListsPrice() {
    try (Flow flow = Flow.of(scenario(PRICES, "0"))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true", "MAX_PRICE", "0.1"), warning(OLD));

      assertThat(result.reason()).isEqualTo(Reason.Code.ON_DEMAND_OVER_PRICE_CAP);
      assertThat(result.message()).contains("the on-demand fallback was not used: the on-demand price of m5.large"
          + " (0.107, AWS Price List API, eu-west-1 Linux/UNIX) is not within MAX_PRICE 0.1");
      assertThat(flow.emulator.actionCounts()).doesNotContainKey("RunInstances");
    }
    try (Flow flow = Flow.of(scenario(PRICES, "0"))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true", "MAX_PRICE", "0.11"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.lifecycle()).isEqualTo("on-demand");
      assertThat(priceListCalls(flow)).hasSize(1);
    }
  }

  @Test
  void onDemandFallback_withoutMaxPrice_asksNoPrice() {
    try (Flow flow = Flow.of(scenario(PRICES, "0"))) {
      Result result = flow.replace(settings("ON_DEMAND_FALLBACK", "true"), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(result.lifecycle()).isEqualTo("on-demand");
      assertThat(priceListCalls(flow)).isEmpty();
    }
  }
}
