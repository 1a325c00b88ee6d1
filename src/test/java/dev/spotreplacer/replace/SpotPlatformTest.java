package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpotPlatformTest {

  /** Every PlatformDetails value in the EC2 User Guide's "AMI billing information fields" table. */
  private static final List<String> DOCUMENTED = List.of("Linux/UNIX", "Red Hat BYOL Linux",
      "Red Hat Enterprise Linux", "Red Hat Enterprise Linux with HA",
      "Red Hat Enterprise Linux with SQL Server Standard and HA",
      "Red Hat Enterprise Linux with SQL Server Enterprise and HA",
      "Red Hat Enterprise Linux with SQL Server Standard", "Red Hat Enterprise Linux with SQL Server Web",
      "Red Hat Enterprise Linux with SQL Server Enterprise", "SQL Server Enterprise", "SQL Server Standard",
      "SQL Server Web", "SUSE Linux", "Ubuntu Pro", "Windows", "Windows BYOL",
      "Windows with SQL Server Enterprise", "Windows with SQL Server Standard", "Windows with SQL Server Web");

  @Test
  void everyDocumentedPlatform_hasASpotProductOrAReasonWhyNot() {
    for (String details : DOCUMENTED) {
      SpotPlatform platform = SpotPlatform.of(details);
      assertThat(platform.hasSpotMarket() ^ platform.noMarketReason().isPresent()).as(details).isTrue();
      assertThat(platform.noMarketReason()).as(details).isNotEqualTo(SpotPlatform.of("Plan 9").noMarketReason());
      if (platform.hasSpotMarket()) {
        assertThat(platform.productDescription()).as(details)
            .isIn("Linux/UNIX", "SUSE Linux", "Red Hat Enterprise Linux", "Windows");
      }
    }
  }

  @Test
  void missingPlatformDetails_isLinux_withAndWithoutTheVpcSuffix() {
    assertThat(SpotPlatform.of(null).productDescriptions()).containsExactly("Linux/UNIX", "Linux/UNIX (Amazon VPC)");
  }
}
