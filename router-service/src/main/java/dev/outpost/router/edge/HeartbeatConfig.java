package dev.outpost.router.edge;

import dev.outpost.events.RouterHeartbeat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The router's heartbeats to the api-service: {@code outpost.router.heartbeat}. */
@ConfigMapping(prefix = "outpost.router.heartbeat")
public interface HeartbeatConfig {

  /**
   * How often this router says it is alive ({@link RouterHeartbeat#INTERVAL} by default). The
   * api-service's {@code outpost.health.router-expiry} must be at least three of these.
   */
  @WithDefault("5s")
  Duration interval();
}
