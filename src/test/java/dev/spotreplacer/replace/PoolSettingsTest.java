package dev.spotreplacer.replace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

  @Test
  void defaults_spotRequestsOnly_noCap_threeMinuteWindow() {
    PoolSettings settings = PoolSettings.defaults();

    assertThat(settings.strategy()).isEqualTo(PoolSettings.Strategy.SPOT_REQUEST);
    assertThat(settings.onDemandFallback()).isFalse();
    assertThat(settings.diversify()).isFalse();
    assertThat(settings.avoidWindow()).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.maxPrice()).isNull();
    assertThat(settings.maxPriceFraction()).isNull();
    assertThat(settings.placementScores()).isTrue();
  }

  @Test
  void readsEverySetting() {
    PoolSettings settings = PoolSettings.fromEnvironment(Map.of("INSTANCE_TYPES", "m5a.large, m6i.large",
        "DIVERSIFY", "true", "DIVERSIFY_MAX_VCPU_FACTOR", "4", "AVOID_INTERRUPTED_POOL_SECONDS", "60",
        "MAX_PRICE", "0.05", "MAX_PRICE_FRACTION", "0.6", "ON_DEMAND_PRICES", "x2.big=1.5",
        "LAUNCH_STRATEGY", "fleet", "ON_DEMAND_FALLBACK", "true", "PLACEMENT_SCORES", "false"));

    assertThat(settings.instanceTypes()).containsExactly("m5a.large", "m6i.large");
    assertThat(settings.maxVcpuFactor()).isEqualTo(4);
    assertThat(settings.avoidWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.onDemandPrices()).containsEntry("x2.big", new BigDecimal("1.5"));
    assertThat(settings.strategy()).isEqualTo(PoolSettings.Strategy.FLEET);
    assertThat(settings.onDemandFallback()).isTrue();
    assertThat(settings.placementScores()).isFalse();
  }

  @Test
  void badValues_nameTheSetting() {
    assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("LAUNCH_STRATEGY", "spot-fleet")))
        .hasMessage("LAUNCH_STRATEGY: 'spot-fleet' must be spot-request or fleet");
    assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("MAX_PRICE", "cheap")))
        .hasMessage("MAX_PRICE: 'cheap' must be a positive decimal number");
    assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("INSTANCE_TYPES", "m5.large,big")))
        .hasMessage("INSTANCE_TYPES: 'big' is not an instance type (such as m5.large)");
    assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("ON_DEMAND_PRICES", "m5.large")))
        .hasMessage("ON_DEMAND_PRICES: 'm5.large' must be TYPE=PRICE such as m5.large=0.096");
    assertThatThrownBy(() -> PoolSettings.fromEnvironment(Map.of("ON_DEMAND_FALLBACK", "yes")))
        .hasMessage("ON_DEMAND_FALLBACK: 'yes' must be true or false");
  }

  @Test
  void priceCap_isTheLowerOfAbsoluteAndFraction() {
    PoolSettings settings = PoolSettings.fromEnvironment(Map.of("MAX_PRICE", "0.05", "MAX_PRICE_FRACTION", "0.4"));

    PriceCap cap = PriceCap.of(settings, new OnDemandPrices("us-east-1", "Linux/UNIX", Map.of()), "m5.large");

    assertThat(cap.text()).isEqualTo("0.0384");
    assertThat(cap.source()).isEqualTo("MAX_PRICE_FRACTION 0.4 x on-demand 0.096 for m5.large"
        + " (built-in table, us-east-1 Linux/UNIX)");
  }

  @Test
  void priceCap_fractionOfAnUnknownType_failsNamingTheSettingToFixIt() {
    PoolSettings settings = PoolSettings.fromEnvironment(Map.of("MAX_PRICE_FRACTION", "0.5"));

    assertThatThrownBy(() -> PriceCap.of(settings, new OnDemandPrices("us-east-1", "Linux/UNIX", Map.of()), "x9.huge"))
        .isInstanceOf(StepFailure.class)
        .hasMessage("MAX_PRICE_FRACTION is set but the on-demand price of x9.huge (Linux/UNIX) in us-east-1 is"
            + " unknown: neither ON_DEMAND_PRICES nor the built-in table has it; add it with"
            + " ON_DEMAND_PRICES=x9.huge=<price per hour>, or set MAX_PRICE instead");
  }

  @Test
  void priceCap_neverBorrowsAnotherRegionsOnDemandPrice() {
    PoolSettings settings = PoolSettings.fromEnvironment(Map.of("MAX_PRICE_FRACTION", "0.5"));

    // The table lists m5.large in us-east-1 only: Frankfurt's price is not us-east-1's.
    assertThatThrownBy(() -> PriceCap.of(settings, new OnDemandPrices("eu-central-1", "Linux/UNIX", Map.of()),
        "m5.large"))
        .isInstanceOf(StepFailure.class)
        .hasMessageStartingWith("MAX_PRICE_FRACTION is set but the on-demand price of m5.large (Linux/UNIX) in"
            + " eu-central-1 is unknown: neither ON_DEMAND_PRICES nor the built-in table has it");
    // Nor a Linux price for a Windows instance.
    assertThatThrownBy(() -> PriceCap.of(settings, new OnDemandPrices("us-east-1", "Windows", Map.of()), "m5.large"))
        .hasMessageStartingWith("MAX_PRICE_FRACTION is set but the on-demand price of m5.large (Windows) in us-east-1");
  }

  @Test
  void priceCap_fromOnDemandPricesSetting_namesThatSource() {
    PoolSettings settings = PoolSettings.fromEnvironment(Map.of("MAX_PRICE_FRACTION", "0.5",
        "ON_DEMAND_PRICES", "m5.large=0.115"));

    PriceCap cap = PriceCap.of(settings, new OnDemandPrices("eu-central-1", "Linux/UNIX", settings.onDemandPrices()),
        "m5.large");

    assertThat(cap.text()).isEqualTo("0.0575");
    assertThat(cap.source()).isEqualTo("MAX_PRICE_FRACTION 0.5 x on-demand 0.115 for m5.large (ON_DEMAND_PRICES)");
  }

  @Test
  void settingsFromEnvironment_carryThePoolSettings() {
    Settings settings = Settings.fromEnvironment(Map.of("LAUNCH_STRATEGY", "fleet"));

    assertThat(settings.pools().strategy()).isEqualTo(PoolSettings.Strategy.FLEET);
    assertThat(settings.withSubnetIds(List.of("subnet-0a1")).pools().strategy())
        .isEqualTo(PoolSettings.Strategy.FLEET);
  }
}
