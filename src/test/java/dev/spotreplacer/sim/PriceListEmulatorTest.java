package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotreplacer.time.VirtualClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.AccessDeniedException;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.InvalidParameterException;
import software.amazon.awssdk.services.pricing.model.PricingException;

/** The emulator's Price List (GetProducts, JSON 1.1 on the same endpoint) as the real SDK client sees it. */
class PriceListEmulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCENARIO = """
      {"region": "eu-west-1", "instances": [],
       "pools": [{"instanceType": "m5.large", "availabilityZone": "eu-west-1a", "price": "0.0400"},
                 {"instanceType": "m5.large", "availabilityZone": "eu-west-1b", "price": "0.0300"},
                 {"instanceType": "c5.large", "availabilityZone": "eu-west-1a", "price": "0.0333",
                  "productDescription": "Windows"}]%s}""";

  private static final String TABLE = """
      , "onDemandPrices": [{"region": "eu-west-1", "instanceType": "m5.large", "price": "0.107"},
                           {"region": "ap-south-1", "instanceType": "m5.large", "operatingSystem": "RHEL",
                            "price": 0.161}]""";

  private static Ec2Emulator start(String extra) throws IOException {
    return Ec2Emulator.start(Scenario.fromJson(SCENARIO.formatted(extra)), new VirtualClock(EmulatorFixture.START), 0);
  }

  private static PricingClient client(Ec2Emulator emulator, String region) {
    return PricingClient.builder()
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            Ec2Emulator.LOCAL_ACCESS_KEY_ID, Ec2Emulator.LOCAL_SECRET_ACCESS_KEY)))
        .endpointOverride(emulator.endpoint())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
        .build();
  }

  private static Filter match(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  private static GetProductsRequest query(Filter... filters) {
    return GetProductsRequest.builder().serviceCode("AmazonEC2").formatVersion("aws_v1").filters(filters).build();
  }

  private static final Filter[] WELL_FILTERED = {
      match("regionCode", "eu-west-1"), match("instanceType", "m5.large"), match("operatingSystem", "Linux"),
      match("tenancy", "Shared"), match("preInstalledSw", "NA"), match("capacitystatus", "Used"),
      match("licenseModel", "No License required")};

  private static List<JsonNode> documents(List<String> priceList) {
    return priceList.stream().map(text -> {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static BigDecimal onDemandHourly(JsonNode document) {
    JsonNode term = document.path("terms").path("OnDemand").elements().next();
    return new BigDecimal(term.path("priceDimensions").elements().next().path("pricePerUnit").path("USD").asText());
  }

  @Test
  void wellFilteredQuery_findsOneProduct_atTheTablesPrice() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "us-east-1")) {
      List<String> found = pricing.getProducts(query(WELL_FILTERED)).priceList();

      assertThat(found).hasSize(1);
      JsonNode document = documents(found).get(0);
      assertThat(document.at("/product/attributes/regionCode").asText()).isEqualTo("eu-west-1");
      assertThat(document.at("/product/productFamily").asText()).isEqualTo("Compute Instance");
      assertThat(document.at("/serviceCode").asText()).isEqualTo("AmazonEC2");
      assertThat(onDemandHourly(document)).isEqualByComparingTo("0.107");
      assertThat(document.at("/terms/Reserved").isObject()).isTrue();
      assertThat(emulator.signedCalls()).extracting(SignedCall::action, SignedCall::region, SignedCall::service)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("GetProducts", "us-east-1", "pricing"));
    }
  }

  @Test
  void looseQuery_alsoFindsReservationsDedicatedAndSqlServer_atOtherPrices() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "eu-central-1")) {
      List<JsonNode> found = documents(pricing.getProductsPaginator(query(match("regionCode", "eu-west-1"),
          match("instanceType", "m5.large"), match("operatingSystem", "Linux"))).priceList().stream().toList());

      assertThat(found).extracting(d -> d.at("/product/attributes/capacitystatus").asText() + " "
              + d.at("/product/attributes/tenancy").asText() + " " + d.at("/product/attributes/preInstalledSw").asText()
              + " " + onDemandHourly(d).stripTrailingZeros().toPlainString())
          .containsExactlyInAnyOrder("Used Shared NA 0.107", "UnusedCapacityReservation Shared NA 0.107",
              "AllocatedCapacityReservation Shared NA 0", "Used Dedicated NA 0.1177", "Used Shared SQL Web 0.147");
    }
  }

  @Test
  void pages_ofMaxResults_followTheNextToken() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "us-east-1")) {
      GetProductsRequest request = query(match("regionCode", "eu-west-1")).toBuilder().maxResults(2).build();

      assertThat(pricing.getProducts(request).nextToken()).isNotNull();
      assertThat(pricing.getProductsPaginator(request).priceList().stream().toList()).hasSize(5);
      assertThat(emulator.signedCalls()).hasSize(1 + 3);
    }
  }

  @Test
  void withoutATable_pricesAreDerivedFromThePools_inTheScenariosRegion() throws IOException {
    try (Ec2Emulator emulator = start(""); PricingClient pricing = client(emulator, "us-east-1")) {
      // 2.5 times the dearest m5.large pool (0.04), and the Windows c5.large pool (0.0333).
      assertThat(documents(pricing.getProducts(query(WELL_FILTERED)).priceList())).singleElement()
          .satisfies(d -> assertThat(onDemandHourly(d)).isEqualByComparingTo("0.1"));
      assertThat(emulator.scenario().onDemandPrices()).containsExactly(
          new OnDemandPriceSpec("eu-west-1", "c5.large", "Windows", new BigDecimal("0.0833")),
          new OnDemandPriceSpec("eu-west-1", "m5.large", "Linux", new BigDecimal("0.1")));
    }
  }

  @Test
  void otherRegionsAndProducts_areListedToo_andAnsweredFromAnyServingRegion() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "ap-south-1")) {
      List<String> found = pricing.getProducts(query(match("regionCode", "ap-south-1"),
          match("operatingSystem", "RHEL"), match("capacitystatus", "Used"), match("tenancy", "Shared"),
          match("preInstalledSw", "NA"))).priceList();

      assertThat(documents(found)).singleElement()
          .satisfies(d -> assertThat(onDemandHourly(d)).isEqualByComparingTo("0.161"));
    }
  }

  @Test
  void aRegionWithoutThePriceListEndpoint_isRefused() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "eu-west-1")) {
      assertThatThrownBy(() -> pricing.getProducts(query(WELL_FILTERED)))
          .isInstanceOfSatisfying(PricingException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EndpointNotServed");
            assertThat(e.statusCode()).isEqualTo(404);
          });
    }
  }

  @Test
  void deniedGetProducts_isAccessDenied_namingTheAction() throws IOException {
    try (Ec2Emulator emulator = start(TABLE + ", \"deny\": [\"GetProducts\"]");
        PricingClient pricing = client(emulator, "us-east-1")) {
      assertThatThrownBy(() -> pricing.getProducts(query(WELL_FILTERED)))
          .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("not authorized to perform: pricing:GetProducts");
          });
    }
  }

  @Test
  void badParameters_areInvalidParameterException() throws IOException {
    try (Ec2Emulator emulator = start(TABLE); PricingClient pricing = client(emulator, "us-east-1")) {
      assertThatThrownBy(() -> pricing.getProducts(query(WELL_FILTERED).toBuilder().formatVersion("aws_v2").build()))
          .isInstanceOf(InvalidParameterException.class);
      assertThatThrownBy(() -> pricing.getProducts(query(WELL_FILTERED).toBuilder().maxResults(101).build()))
          .isInstanceOf(InvalidParameterException.class);
    }
  }

  @Test
  void scenarioTable_isCheckedField_byField() {
    assertThatThrownBy(() -> Scenario.fromJson(SCENARIO.formatted(
        ", \"onDemandPrices\": [{\"region\": \"eu-west-1\", \"instanceType\": \"m5.large\", \"price\": \"0\"}]")))
        .hasMessage("onDemandPrices[0].price '0' must be a decimal number > 0");
    assertThatThrownBy(() -> Scenario.fromJson(SCENARIO.formatted(
        ", \"onDemandPrices\": [{\"region\": \"eu-west-1\", \"instanceType\": \"m5.large\", \"price\": \"0.1\","
            + " \"operatingSystem\": \"Linux/UNIX\"}]")))
        .hasMessage("onDemandPrices[0].operatingSystem 'Linux/UNIX' must be one of [Linux, RHEL, SUSE, Windows]");
    assertThatThrownBy(() -> Scenario.fromJson(SCENARIO.formatted(
        ", \"onDemandPrices\": [{\"region\": \"eu-west-1\", \"instanceType\": \"m5.large\", \"cost\": \"0.1\"}]")))
        .hasMessageStartingWith("onDemandPrices[0].cost is not a known field");
  }
}
