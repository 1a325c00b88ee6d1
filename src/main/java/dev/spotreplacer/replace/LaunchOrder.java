package dev.spotreplacer.replace;

import java.util.ArrayList;
import java.util.List;

/**
 * Which launch strategies to try, in order: the spot one the settings and the original call for
 * (CreateFleet when LAUNCH_STRATEGY=fleet; RunInstances when RequestSpotInstances cannot express
 * the original; else RequestSpotInstances), then on-demand when ON_DEMAND_FALLBACK allows it.
 */
final class LaunchOrder {

  /** A strategy, and why it is used rather than the default (null for the default). */
  record Choice(LaunchStrategy strategy, String why) {}

  private final PoolSettings settings;
  private final SpotRequestStrategy spotRequest;
  private final RunInstancesStrategy runInstances;
  private final FleetStrategy fleet;
  private final OnDemandStrategy onDemand;

  LaunchOrder(PoolSettings settings, SpotRequestStrategy spotRequest, RunInstancesStrategy runInstances,
      FleetStrategy fleet, OnDemandStrategy onDemand) {
    this.settings = settings;
    this.spotRequest = spotRequest;
    this.runInstances = runInstances;
    this.fleet = fleet;
    this.onDemand = onDemand;
  }

  /** The order for {@code original}; {@code spotPriced} is false when no candidate pool has a spot price. */
  List<Choice> of(Original original, boolean spotPriced) {
    List<Choice> order = new ArrayList<>();
    if (spotPriced) {
      List<String> beyond = original.spec().beyondSpotRequest();
      if (settings.strategy() == PoolSettings.Strategy.FLEET) {
        order.add(new Choice(fleet, null));
      } else if (!beyond.isEmpty()) {
        order.add(new Choice(runInstances, "RequestSpotInstances cannot carry: " + String.join(", ", beyond)));
      } else {
        order.add(new Choice(spotRequest, null));
      }
    }
    if (settings.onDemandFallback()) {
      order.add(new Choice(onDemand, spotPriced ? "no spot pool could take it"
          : "no spot price for the candidate pools"));
    }
    return List.copyOf(order);
  }
}
