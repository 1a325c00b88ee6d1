package dev.spotreplacer.replace;

import static dev.spotreplacer.replace.Flow.OLD;
import static dev.spotreplacer.replace.Flow.allSubnets;
import static dev.spotreplacer.replace.Flow.scenario;
import static dev.spotreplacer.replace.Flow.warning;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instances of every documented platform are priced in their own spot product, or skipped saying why. */
class PlatformFlowTest {

  /** Two pools per zone listed under {@code product}; the cheapest is us-east-1b. */
  private static String pools(String product) {
    return """
        [{"instanceType": "m5.large", "availabilityZone": "us-east-1a", "price": "0.0400", "capacity": 10,
          "productDescription": "%1$s"},
         {"instanceType": "m5.large", "availabilityZone": "us-east-1b", "price": "0.0310", "capacity": 10,
          "productDescription": "%1$s"}]""".formatted(product);
  }

  private static String onPlatform(String platform, String product) {
    return scenario("", pools(product)).replace("\"lifecycle\": \"spot\",",
        "\"lifecycle\": \"spot\", \"platform\": \"" + platform + "\",");
  }

  @ParameterizedTest(name = "{0} is priced as {1}")
  @CsvSource({
      "Linux/UNIX, Linux/UNIX",
      "Red Hat BYOL Linux, Linux/UNIX",
      "Red Hat Enterprise Linux, Red Hat Enterprise Linux",
      "SUSE Linux, SUSE Linux",
      "Ubuntu Pro, Linux/UNIX",
      "Windows, Windows",
      "Windows BYOL, Linux/UNIX"})
  void platformWithASpotMarket_isPricedInItsOwnProduct_andReplaced(String platform, String product) {
    try (Flow flow = Flow.of(onPlatform(platform, product))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REPLACED);
      assertThat(result.availabilityZone()).isEqualTo("us-east-1b");
      assertThat(result.spotPrice()).isEqualTo("0.031000");
    }
  }

  @Test
  void redHatInstance_isNotPricedAtTheLinuxPrice() {
    // Only Linux/UNIX pools: a RHEL instance must not be priced (or capped) as if it were Linux/UNIX.
    try (Flow flow = Flow.of(onPlatform("Red Hat Enterprise Linux", "Linux/UNIX"))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(result.reason().wireName()).isEqualTo("no-spot-price");
      assertThat(flow.emulator.actionCounts()).doesNotContainKey("RequestSpotInstances");
    }
  }

  @ParameterizedTest(name = "{0} is skipped")
  @CsvSource(delimiter = '|', value = {
      "Windows with SQL Server Standard|its price includes a SQL Server licence",
      "Red Hat Enterprise Linux with HA|its price includes the RHEL High Availability add-on",
      "SQL Server Web|its price includes a SQL Server licence",
      "Plan 9|EC2 documents no such platform"})
  void platformWithoutASpotMarket_isSkippedSayingSo_withoutReadingPrices(String platform, String why) {
    try (Flow flow = Flow.of(onPlatform(platform, "Windows"))) {
      Result result = flow.replace(allSubnets(), warning(OLD));

      assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(result.reason().wireName()).isEqualTo("platform-without-spot-market");
      assertThat(result.message()).startsWith(OLD + " runs '" + platform + "' (PlatformDetails), which has no spot"
          + " market: " + why).endsWith("EC2 lists spot prices only for Linux/UNIX, SUSE Linux, Red Hat Enterprise"
          + " Linux and Windows");
      assertThat(flow.emulator.actionCounts()).doesNotContainKeys("DescribeSpotPriceHistory", "RequestSpotInstances");
    }
  }
}
