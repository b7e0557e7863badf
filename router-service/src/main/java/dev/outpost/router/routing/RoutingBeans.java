package dev.outpost.router.routing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The routing view and its catch-up tracker as beans. Produced rather than annotated so the view
 * stays plain Java; {@code @Singleton} so event-loop readers call it directly, without a proxy.
 */
class RoutingBeans {

  @Produces
  @Singleton
  RoutingView routingView() {
    return new RoutingView();
  }

  @Produces
  @Singleton
  CatchUp catchUp() {
    return new CatchUp();
  }
}
