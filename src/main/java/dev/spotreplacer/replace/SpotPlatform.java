package dev.spotreplacer.replace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps an instance's {@code PlatformDetails} (EC2's billing platform, "AMI billing information
 * fields" in the EC2 User Guide) to the product description its spot prices are listed under.
 *
 * <p>EC2 publishes spot price history for four products only: Linux/UNIX, SUSE Linux, Red Hat
 * Enterprise Linux and Windows (each also with the old "(Amazon VPC)" suffix). A platform whose
 * price includes another licence (SQL Server, RHEL High Availability) has no spot price of its
 * own, so a replacement could be neither priced nor capped: such instances are skipped, saying so.
 *
 * @param productDescription the spot product, or null when the platform has no spot market
 * @param why for a platform without a spot market, the reason in a few words
 */
record SpotPlatform(String platformDetails, String productDescription, String why) {

  static final String LINUX = "Linux/UNIX";
  private static final String RHEL = "Red Hat Enterprise Linux";
  private static final String SUSE = "SUSE Linux";
  private static final String WINDOWS = "Windows";
  private static final String SQL = "its price includes a SQL Server licence";

  /** Every PlatformDetails value the EC2 User Guide lists, with its spot product or why it has none. */
  private static final Map<String, SpotPlatform> DOCUMENTED = Map.ofEntries(
      spot(LINUX, LINUX),
      // Bring-your-own-licence: EC2 bills the compute at the Linux/UNIX rate; the subscription is the user's.
      spot("Red Hat BYOL Linux", LINUX),
      spot(RHEL, RHEL),
      none("Red Hat Enterprise Linux with HA", "its price includes the RHEL High Availability add-on"),
      none("Red Hat Enterprise Linux with SQL Server Standard and HA", SQL),
      none("Red Hat Enterprise Linux with SQL Server Enterprise and HA", SQL),
      none("Red Hat Enterprise Linux with SQL Server Standard", SQL),
      none("Red Hat Enterprise Linux with SQL Server Web", SQL),
      none("Red Hat Enterprise Linux with SQL Server Enterprise", SQL),
      none("SQL Server Enterprise", SQL),
      none("SQL Server Standard", SQL),
      none("SQL Server Web", SQL),
      spot(SUSE, SUSE),
      // Ubuntu Pro's subscription is billed per hour beside the compute, which is Linux/UNIX.
      spot("Ubuntu Pro", LINUX),
      spot(WINDOWS, WINDOWS),
      // The Windows licence is the user's: the compute is billed at the Linux/UNIX rate.
      spot("Windows BYOL", LINUX),
      none("Windows with SQL Server Enterprise", SQL),
      none("Windows with SQL Server Standard", SQL),
      none("Windows with SQL Server Web", SQL));

  /** The platform's spot product; EC2 omits PlatformDetails only for Linux/UNIX. */
  static SpotPlatform of(String platformDetails) {
    String details = platformDetails == null || platformDetails.isBlank() ? LINUX : platformDetails.trim();
    SpotPlatform known = DOCUMENTED.get(details);
    if (known != null) {
      return known;
    }
    return new SpotPlatform(details, null, "EC2 documents no such platform, so no spot price can be looked up for it");
  }

  boolean hasSpotMarket() {
    return productDescription != null;
  }

  /** What DescribeSpotPriceHistory is asked for: the product with and without "(Amazon VPC)"; empty without a market. */
  List<String> productDescriptions() {
    return productDescription == null ? List.of() : List.of(productDescription, productDescription + " (Amazon VPC)");
  }

  Optional<String> noMarketReason() {
    return Optional.ofNullable(why);
  }

  private static Map.Entry<String, SpotPlatform> spot(String details, String product) {
    return Map.entry(details, new SpotPlatform(details, product, null));
  }

  private static Map.Entry<String, SpotPlatform> none(String details, String why) {
    return Map.entry(details, new SpotPlatform(details, null, why));
  }
}
