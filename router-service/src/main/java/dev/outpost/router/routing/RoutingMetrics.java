package dev.outpost.router.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The routing view's size as gauges: {@code outpost_router_tunnels{state="active"|"deleted"}} and
 * {@code outpost_router_routes}.
 */
@ApplicationScoped
class RoutingMetrics {

  void register(@Observes StartupEvent event, MeterRegistry registry, RoutingView view) {
    Gauge.builder("outpost.router.tunnels", view, RoutingView::activeTunnelCount)
        .description("Tunnels in the routing view")
        .tag("state", "active")
        .register(registry);
    Gauge.builder("outpost.router.tunnels", view, v -> v.tunnelCount() - v.activeTunnelCount())
        .description("Tunnels in the routing view")
        .tag("state", "deleted")
        .register(registry);
    Gauge.builder("outpost.router.routes", view, RoutingView::routeCount)
        .description("Hostname routes in the routing view")
        .register(registry);
  }
}
