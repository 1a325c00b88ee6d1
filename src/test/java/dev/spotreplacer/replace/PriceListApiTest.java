package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotreplacer.time.VirtualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.AccessDeniedException;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.InternalErrorException;
import software.amazon.awssdk.services.pricing.model.ThrottlingException;

/** The Price List lookup on its own: the question it asks, how it reads the answer, what it keeps. */
class PriceListApiTest {

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final List<GetProductsRequest> asked = new ArrayList<>();

  /** A Pricing client that records each request and answers with {@code answer}. */
  private PricingClient client(Function<GetProductsRequest, GetProductsResponse> answer) {
    return new PricingClient() {
      @Override
      public GetProductsResponse getProducts(GetProductsRequest request) {
        asked.add(request);
        return answer.apply(request);
      }

      @Override
      public String serviceName() {
        return "pricing";
      }

      @Override
      public void close() {
      }
    };
  }

  private static GetProductsResponse products(String... documents) {
    return GetProductsResponse.builder().formatVersion("aws_v1").priceList(documents).build();
  }

  /** A product document as GetProducts returns it, with an on-demand hourly price and a reserved one. */
  private static String product(String onDemandUsd) {
    return """
        {"product": {"productFamily": "Compute Instance", "sku": "SKU1",
                     "attributes": {"instanceType": "m5.large", "regionCode": "eu-west-1"}},
         "serviceCode": "AmazonEC2",
         "terms": {
           "OnDemand": {"SKU1.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "sku": "SKU1",
             "priceDimensions": {"SKU1.JRTCKXETXF.6YS6EN2CT7": {"unit": "Hrs", "beginRange": "0", "endRange": "Inf",
               "pricePerUnit": {"USD": "%s"}}}}},
           "Reserved": {"SKU1.R": {"priceDimensions": {
             "SKU1.R.H": {"unit": "Hrs", "pricePerUnit": {"USD": "0.0100000000"}},
             "SKU1.R.U": {"unit": "Quantity", "pricePerUnit": {"USD": "300"}}}}}},
         "version": "1", "publicationDate": "2026-11-01T00:00:00Z"}""".formatted(onDemandUsd);
  }

  @Test
  void asksForTheRegionProductAndType_sharedTenancy_noSoftware_capacityUsed() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.1070000000"))), clock);

    PriceListApi.Answer answer = api.lookup("eu-west-1", "Red Hat Enterprise Linux", "m5.large");

    assertThat(answer).isEqualTo(new PriceListApi.Listed(new BigDecimal("0.107")));
    GetProductsRequest request = asked.get(0);
    assertThat(request.serviceCode()).isEqualTo("AmazonEC2");
    assertThat(request.formatVersion()).isEqualTo("aws_v1");
    assertThat(request.filters()).extracting(Filter::typeAsString, Filter::field, Filter::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "regionCode", "eu-west-1"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "instanceType", "m5.large"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "operatingSystem", "RHEL"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "licenseModel", "No License required"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "tenancy", "Shared"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "preInstalledSw", "NA"),
            org.assertj.core.groups.Tuple.tuple("TERM_MATCH", "capacitystatus", "Used"));
  }

  @Test
  void aPrice_isKeptForADay_thenAskedAgain() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.1070000000"))), clock);

    api.lookup("eu-west-1", "Linux/UNIX", "m5.large");
    clock.advance(Duration.ofHours(23));
    api.lookup("eu-west-1", "Linux/UNIX", "m5.large");
    assertThat(asked).hasSize(1);

    clock.advance(Duration.ofHours(2));
    api.lookup("eu-west-1", "Linux/UNIX", "m5.large");
    assertThat(asked).hasSize(2);
  }

  @Test
  void noSuchPrice_isKeptOnlyFiveMinutes() {
    PriceListApi api = new PriceListApi(() -> client(r -> products()), clock);

    assertThat(api.lookup("eu-west-1", "Linux/UNIX", "x9.huge"))
        .isEqualTo(new PriceListApi.NotListed("no product matches"));
    clock.advance(Duration.ofMinutes(4));
    api.lookup("eu-west-1", "Linux/UNIX", "x9.huge");
    assertThat(asked).hasSize(1);

    clock.advance(Duration.ofMinutes(2));
    api.lookup("eu-west-1", "Linux/UNIX", "x9.huge");
    assertThat(asked).hasSize(2);
  }

  @Test
  void eachRegionProductAndType_isItsOwnEntry() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.1"))), clock);

    api.lookup("eu-west-1", "Linux/UNIX", "m5.large");
    api.lookup("eu-west-2", "Linux/UNIX", "m5.large");
    api.lookup("eu-west-1", "Windows", "m5.large");
    api.lookup("eu-west-1", "Linux/UNIX", "c5.large");

    assertThat(asked).hasSize(4);
  }

  @Test
  void productsAtDifferentPrices_areNoPrice_neverOneOfThem() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.1070000000"), product("0.1177000000"),
        product("0.107"))), clock);

    assertThat(api.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isEqualTo(new PriceListApi.NotListed("products match at 2 different prices, [0.107, 0.1177]"));
  }

  @Test
  void aZeroPrice_isNoOnDemandPrice() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.0000000000"))), clock);

    assertThat(api.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isEqualTo(new PriceListApi.NotListed("1 product(s) match, none with an hourly on-demand price in USD"));
  }

  @Test
  void theClient_isBuiltOnTheFirstLookup_once() {
    List<PricingClient> built = new ArrayList<>();
    PriceListApi api = new PriceListApi(() -> {
      PricingClient client = client(r -> products(product("0.1")));
      built.add(client);
      return client;
    }, clock);
    assertThat(built).isEmpty();

    api.lookup("eu-west-1", "Linux/UNIX", "m5.large");
    api.lookup("eu-west-1", "Linux/UNIX", "c5.large");

    assertThat(built).hasSize(1);
  }

  @Test
  void accessDenied_namesThePermission() {
    PriceListApi api = new PriceListApi(() -> client(r -> {
      throw AccessDeniedException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();
    }), clock);

    assertThatThrownBy(() -> api.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(Reason.Code.MISSING_PERMISSION);
          assertThat(f.getMessage()).startsWith("not allowed to call pricing:GetProducts");
        });
  }

  @Test
  void throttlingAndOutages_areTheTransientReasons_andAreNotCached() {
    PriceListApi throttled = new PriceListApi(() -> client(r -> {
      throw ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("ThrottlingException").build()).build();
    }), clock);
    PriceListApi failing = new PriceListApi(() -> client(r -> {
      throw InternalErrorException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
          .errorCode("InternalErrorException").build()).build();
    }), clock);
    PriceListApi unreachable = new PriceListApi(() -> client(r -> {
      throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
    }), clock);

    assertThatThrownBy(() -> throttled.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(Reason.Code.THROTTLED);
          assertThat(f.reason().retryHelps()).isTrue();
        });
    assertThatThrownBy(() -> throttled.lookup("eu-west-1", "Linux/UNIX", "m5.large")).isInstanceOf(StepFailure.class);
    assertThat(asked).hasSize(2);
    assertThatThrownBy(() -> failing.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(Reason.Code.EC2_UNAVAILABLE);
          assertThat(f.getMessage()).isEqualTo("the AWS Price List API kept failing GetProducts with"
              + " InternalErrorException after retries; the event will be retried");
        });
    assertThatThrownBy(() -> unreachable.lookup("eu-west-1", "Linux/UNIX", "m5.large"))
        .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.Code.EC2_UNREACHABLE));
  }

  @Test
  void aProductThePriceListHasNoOperatingSystemFor_isNotAsked() {
    PriceListApi api = new PriceListApi(() -> client(r -> products(product("0.1"))), clock);

    assertThat(api.lookup("eu-west-1", "Plan 9", "m5.large"))
        .isEqualTo(new PriceListApi.NotListed("it names no operating system for the spot product Plan 9"));
    assertThat(asked).isEmpty();
  }
}
