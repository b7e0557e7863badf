package dev.outpost.api.tunnel.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How tunnel health is derived and announced: {@code outpost.health}. */
@ConfigMapping(prefix = "outpost.health")
public interface HealthConfig {

  /**
   * How many connections a connector is meant to hold when its connector events do not say (the
   * connector's {@code --ha-connections}, 4 by default). A connector with fewer live connections
   * makes the tunnel {@code degraded} unless another connector of the tunnel has all of its own.
   */
  @WithDefault("4")
  int expectedConnections();

  /**
   * How long a change for the worse (healthy to degraded, anything to down) must last before it is
   * announced; a reconnect within it is never announced. Recoveries are announced at once.
   */
  @WithDefault("2s")
  Duration hold();

  /** How often held changes are checked; bounds how late after the hold one is announced. */
  @WithDefault("200ms")
  Duration tick();

  /**
   * A router that has sent heartbeats and then stays silent this long is presumed dead: its
   * connections are closed (see {@code RouterHeartbeat}). Routers that never sent one are exempt.
   * Keep it at least three of the routers' heartbeat intervals ({@code
   * outpost.router.heartbeat.interval}, 5 s).
   */
  @WithDefault("15s")
  Duration routerExpiry();
}
