package dev.spotreplacer.sim;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/** DescribeSpotPriceHistory. */
final class PriceActions {

  private final Market market;
  private final Filters<PriceHistory.Point> filters;

  PriceActions(Market market) {
    this.market = market;
    this.filters = new Filters<PriceHistory.Point>()
        .field("instance-type", PriceHistory.Point::instanceType)
        .field("availability-zone", PriceHistory.Point::availabilityZone)
        .field("product-description", PriceHistory.Point::productDescription)
        .field("spot-price", p -> p.price().toPlainString())
        .field("timestamp", p -> XmlWriter.timestamp(p.timestamp()));
  }

  DescribeSpotPriceHistoryResponse describeSpotPriceHistory(DescribeSpotPriceHistoryRequest request) {
    Predicate<PriceHistory.Point> match = filters.compile(request.filters());
    List<String> types = request.instanceTypesAsStrings();
    if (!types.isEmpty()) {
      match = match.and(p -> types.contains(p.instanceType()));
    }
    List<String> products = request.productDescriptions();
    if (!products.isEmpty()) {
      match = match.and(p -> products.contains(p.productDescription()));
    }
    String zone = request.availabilityZone();
    if (zone != null) {
      match = match.and(p -> p.availabilityZone().equals(zone));
    }
    Instant end = request.endTime() == null ? market.now() : request.endTime();
    Instant start = request.startTime();
    if (start != null && start.isAfter(end)) {
      throw Ec2Fault.invalid("StartTime", XmlWriter.timestamp(start), "It must not be after EndTime.");
    }
    Checks.dryRun(request.dryRun());
    List<PriceHistory.Point> points = market.history().query(match, start, end);
    Paging.Page<PriceHistory.Point> page =
        Paging.page(points, request.maxResults(), request.nextToken(), 1, 1000);
    return DescribeSpotPriceHistoryResponse.builder()
        .spotPriceHistory(page.items().stream().map(PriceActions::view).toList())
        .nextToken(page.nextToken())
        .build();
  }

  private static SpotPrice view(PriceHistory.Point point) {
    return SpotPrice.builder()
        .availabilityZone(point.availabilityZone())
        .instanceType(point.instanceType())
        .productDescription(point.productDescription())
        .spotPrice(point.price().toPlainString())
        .timestamp(point.timestamp())
        .build();
  }
}
