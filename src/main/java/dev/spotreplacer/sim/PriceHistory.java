package dev.spotreplacer.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Spot price history: a few changes per pool over the last days before the emulator started,
 * the last one being the pool's current price. Deterministic from the seed and the pool.
 */
final class PriceHistory {

  /** One price change. */
  record Point(String instanceType, String availabilityZone, String productDescription, BigDecimal price,
      Instant timestamp) {}

  /** Newest first, as EC2 answers. */
  private static final Comparator<Point> ORDER =
      Comparator.comparing(Point::timestamp).reversed()
          .thenComparing(Point::availabilityZone)
          .thenComparing(Point::instanceType)
          .thenComparing(Point::productDescription);

  private final List<List<Point>> perPool = new ArrayList<>();

  PriceHistory(List<Pool> pools, long seed, Instant start) {
    for (Pool pool : pools) {
      perPool.add(generate(pool, seed, start));
    }
  }

  private static List<Point> generate(Pool pool, long seed, Instant start) {
    // Seeded per pool (not per position) so adding a pool does not change the others' history.
    SplittableRandom random =
        new SplittableRandom(seed * 1_000_003L + Pool.key(pool.instanceType, pool.availabilityZone).hashCode());
    int count = 3 + random.nextInt(4);
    List<Point> points = new ArrayList<>(count);
    Instant at = start.minus(Duration.ofMinutes(60 + random.nextInt(11 * 60)));
    BigDecimal price = pool.price.setScale(6, RoundingMode.HALF_UP);
    for (int i = 0; i < count; i++) {
      points.add(0, new Point(pool.instanceType, pool.availabilityZone, pool.productDescription, price, at));
      at = at.minus(Duration.ofMinutes(6 * 60 + random.nextInt(24 * 60)));
      BigDecimal earlier =
          pool.price.multiply(BigDecimal.valueOf(0.8 + random.nextDouble() * 0.4)).setScale(6, RoundingMode.HALF_UP);
      // History records changes only, so two neighbours never share a price.
      price = earlier.compareTo(price) == 0 ? earlier.add(new BigDecimal("0.000100")) : earlier;
    }
    return points;
  }

  /**
   * The points of matching pools from {@code startTime} (inclusive; null = all) to {@code endTime},
   * plus per pool the last change before {@code startTime}: the price in force when the window opens.
   */
  List<Point> query(Predicate<Point> match, Instant startTime, Instant endTime) {
    List<Point> result = new ArrayList<>();
    for (List<Point> pool : perPool) {
      Point inForce = null;
      for (Point point : pool) {
        if (!match.test(point) || point.timestamp().isAfter(endTime)) {
          continue;
        }
        if (startTime != null && point.timestamp().isBefore(startTime)) {
          inForce = point;
        } else {
          result.add(point);
        }
      }
      if (inForce != null) {
        result.add(inForce);
      }
    }
    result.sort(ORDER);
    return result;
  }
}
