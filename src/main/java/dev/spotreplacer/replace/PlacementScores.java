package dev.spotreplacer.replace;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2's spot placement score (1 to 10) per pool: how likely a request for one instance there
 * succeeds now. A signal, not a requirement: any error (often UnauthorizedOperation, or the
 * per-account query quota) leaves every pool unscored, ranked by price alone, and says so.
 */
final class PlacementScores {

  /** Each call scores one type in every zone; this bounds the calls (and the quota) per notice. */
  static final int MAX_TYPES = 4;

  private final Ec2Client ec2;

  PlacementScores(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /**
   * @param byPool score per "type zone"
   * @param note why pools carry no score, or null when scores were had
   */
  record Scores(Map<String, Integer> byPool, String note) {
    Scores {
      byPool = Map.copyOf(byPool);
    }

    static Scores none(String note) {
      return new Scores(Map.of(), note);
    }
  }

  Scores fetch(String region, List<String> types, Collection<String> zones) {
    Map<String, Integer> scores = new HashMap<>();
    try {
      Map<String, String> zoneById = new HashMap<>();
      ec2.describeAvailabilityZones(b -> b.zoneNames(zones)).availabilityZones()
          .forEach(z -> zoneById.put(z.zoneId(), z.zoneName()));
      for (String type : types.subList(0, Math.min(MAX_TYPES, types.size()))) {
        ec2.getSpotPlacementScoresPaginator(b -> b
                .instanceTypes(type)
                .targetCapacity(1)
                .singleAvailabilityZone(true)
                .regionNames(region))
            .spotPlacementScores()
            .forEach(s -> {
              String zone = zoneById.get(s.availabilityZoneId());
              if (zone != null && s.score() != null) {
                scores.put(type + " " + zone, s.score());
              }
            });
      }
    } catch (SdkException e) {
      String code = Ec2Errors.code(e).orElse("no answer");
      String why = code.equals("UnauthorizedOperation") || code.startsWith("AccessDenied")
          ? "not permitted (" + code + ")" : "failed (" + code + ")";
      return Scores.none("no placement score: GetSpotPlacementScores " + why + "; ranked by price only");
    }
    return new Scores(scores, null);
  }
}
