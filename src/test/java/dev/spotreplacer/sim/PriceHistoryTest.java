package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

// The SDK\'s Consumer<Builder>... overloads make javac warn about generic varargs at each call.
@SuppressWarnings("unchecked")
class PriceHistoryTest {

  private EmulatorFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  private List<SpotPrice> all() {
    return fixture.ec2.describeSpotPriceHistory(r -> r.maxResults(1000)).spotPriceHistory();
  }

  @Test
  void eachPoolsNewestPoint_isItsCurrentPrice() {
    fixture = EmulatorFixture.startDefault();

    List<SpotPrice> history = all();

    for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
      SpotPrice newest = history.stream().filter(p -> p.availabilityZone().equals(zone))
          .max(Comparator.comparing(SpotPrice::timestamp)).orElseThrow();
      String expected = fixture.emulator.scenario().pools().stream()
          .filter(p -> p.availabilityZone().equals(zone)).findFirst().orElseThrow().price();
      assertThat(new BigDecimal(newest.spotPrice())).isEqualByComparingTo(expected);
    }
    assertThat(history).isSortedAccordingTo(Comparator.comparing(SpotPrice::timestamp).reversed());
    assertThat(history).allSatisfy(p -> assertThat(p.timestamp()).isBefore(EmulatorFixture.START));
  }

  @Test
  void sameSeed_givesTheSameHistory() {
    fixture = EmulatorFixture.startDefault();
    List<SpotPrice> first = all();
    fixture.close();

    fixture = EmulatorFixture.startDefault();

    assertThat(all()).isEqualTo(first);
  }

  @Test
  void paginator_returnsEveryPointOnceIncludingThePriceInForceBeforeStartTime() {
    fixture = EmulatorFixture.startDefault();
    List<SpotPrice> everything = all();
    // A window that starts after each pool's oldest point, so each has a price in force before it.
    Instant startTime = EmulatorFixture.START.minus(Duration.ofHours(30));

    List<SpotPrice> paged = fixture.ec2.describeSpotPriceHistoryPaginator(
            r -> r.instanceTypesWithStrings("m5.large").productDescriptions("Linux/UNIX")
                .startTime(startTime).maxResults(2))
        .spotPriceHistory().stream().toList();

    List<SpotPrice> inWindow = everything.stream().filter(p -> !p.timestamp().isBefore(startTime)).toList();
    assertThat(paged).doesNotHaveDuplicates().containsAll(inWindow);
    for (String zone : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
      SpotPrice inForce = everything.stream()
          .filter(p -> p.availabilityZone().equals(zone) && p.timestamp().isBefore(startTime))
          .max(Comparator.comparing(SpotPrice::timestamp)).orElseThrow();
      assertThat(paged).contains(inForce);
      assertThat(paged).filteredOn(p -> p.availabilityZone().equals(zone) && p.timestamp().isBefore(startTime))
          .containsExactly(inForce);
    }
  }

  @Test
  void smallMaxResults_splitsIntoPagesWithNextToken() {
    fixture = EmulatorFixture.startDefault();

    DescribeSpotPriceHistoryResponse first = fixture.ec2.describeSpotPriceHistory(r -> r.maxResults(2));
    DescribeSpotPriceHistoryResponse second =
        fixture.ec2.describeSpotPriceHistory(r -> r.maxResults(2).nextToken(first.nextToken()));

    assertThat(first.spotPriceHistory()).hasSize(2);
    assertThat(first.nextToken()).isNotBlank();
    assertThat(second.spotPriceHistory()).hasSize(2).doesNotContainAnyElementsOf(first.spotPriceHistory());
  }

  @Test
  void filtersAndAvailabilityZone_narrowTheHistory() {
    fixture = EmulatorFixture.startDefault();

    List<SpotPrice> byFilter = fixture.ec2.describeSpotPriceHistory(r -> r.filters(
        f -> f.name("availability-zone").values("us-east-1b"),
        f -> f.name("instance-type").values("m5.*"),
        f -> f.name("product-description").values("Linux/UNIX"))).spotPriceHistory();
    List<SpotPrice> byParameter =
        fixture.ec2.describeSpotPriceHistory(r -> r.availabilityZone("us-east-1b")).spotPriceHistory();

    assertThat(byFilter).isNotEmpty().allSatisfy(p -> assertThat(p.availabilityZone()).isEqualTo("us-east-1b"));
    assertThat(byParameter).isEqualTo(byFilter);
  }

  @Test
  void windowAfterTheLastChange_returnsOnlyThePriceInForce() {
    fixture = EmulatorFixture.startDefault();
    fixture.advance(3600);

    List<SpotPrice> history = fixture.ec2.describeSpotPriceHistory(r -> r.availabilityZone("us-east-1a")
        .startTime(EmulatorFixture.START).endTime(EmulatorFixture.START.plusSeconds(3600))).spotPriceHistory();

    assertThat(history).singleElement()
        .satisfies(p -> assertThat(new BigDecimal(p.spotPrice())).isEqualByComparingTo("0.0420"));
  }
}
