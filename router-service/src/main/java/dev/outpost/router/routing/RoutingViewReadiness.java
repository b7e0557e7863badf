package dev.outpost.router.routing;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the routing view holds the topics as they were at start: before that, the router would
 * answer 404 for hostnames it simply has not read yet.
 *
 * <p>Once up it stays up, even if Kafka becomes unreachable: the router keeps serving from the view
 * in memory, which is the point of building it (see {@link CatchUp}). For the same reason the Kafka
 * connector's own readiness is off for the routing channels.
 */
@Readiness
@ApplicationScoped
class RoutingViewReadiness implements HealthCheck {

  static final String NAME = "routing-view";

  private final RoutingView view;
  private final CatchUp catchUp;

  RoutingViewReadiness(RoutingView view, CatchUp catchUp) {
    this.view = view;
    this.catchUp = catchUp;
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named(NAME)
            .withData("tunnels", view.tunnelCount())
            .withData("routes", view.routeCount());
    if (catchUp.caughtUp()) {
      return response.up().build();
    }
    int behind = catchUp.partitionsBehind();
    return response
        .down()
        .withData("waiting-for", behind < 0 ? "kafka" : behind + " partitions")
        .build();
  }
}
