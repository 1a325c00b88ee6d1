package dev.spotreplacer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

/** The Pricing client calls a region that hosts the Price List API, whatever region the function runs in. */
class PriceListRegionTest {

  @ParameterizedTest(name = "a function in {0} asks {1}")
  @CsvSource({
      "us-east-1, us-east-1",
      "eu-central-1, eu-central-1",
      "ap-south-1, ap-south-1",
      "eu-west-1, us-east-1",
      "us-east-2, us-east-1",
      "ap-southeast-2, us-east-1",
      "cn-north-1, cn-northwest-1"})
  void homeRegion_ifItServesTheApi_elseUsEast1_orThePartitionsOwn(String home, String asked) {
    assertThat(Clients.priceListRegion(Region.of(home))).isEqualTo(Region.of(asked));
  }
}
