package dev.outpost.api.tunnel;

import dev.outpost.api.background.Background;
import dev.outpost.api.tunnel.health.HealthConfig;
import dev.outpost.api.tunnel.health.TunnelHealthService;
import dev.outpost.events.RouterHeartbeat;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A router that dies without saying goodbye must not leave its connections live forever. Routers
 * send {@link RouterHeartbeat}s; a sweep closes the open connections of every router that has gone
 * silent for {@code outpost.health.router-expiry}, and those a router last reported before its
 * {@code reportsSince} (it restarted, or reported what it holds again). Each tunnel is handled in a
 * transaction of its own with its row locked, then its health is evaluated like after any
 * disconnect. Routers that never sent a heartbeat are exempt.
 *
 * <p>"Last heard from" is when this service processed the heartbeat. So that a backlog of
 * heartbeats waiting in Kafka while this service was stopped does not look like silence, nothing
 * expires during the first expiry period after a start.
 */
@ApplicationScoped
public class RouterLiveness {

  private static final Logger LOG = Logger.getLogger(RouterLiveness.class);

  private final RouterLivenessRepository routers;
  private final TunnelRepository tunnels;
  private final TunnelConnectionRepository connections;
  private final TunnelConnections ledger;
  private final TunnelHealthService health;
  private final HealthConfig config;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile Runnable stopTimer = () -> {};
  private final OffsetDateTime startedAt = OffsetDateTime.now();

  RouterLiveness(
      RouterLivenessRepository routers,
      TunnelRepository tunnels,
      TunnelConnectionRepository connections,
      TunnelConnections ledger,
      TunnelHealthService health,
      HealthConfig config) {
    this.routers = routers;
    this.tunnels = tunnels;
    this.connections = connections;
    this.ledger = ledger;
    this.health = health;
    this.config = config;
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    long every = Math.max(100, config.routerExpiry().toMillis() / 5);
    long timer = vertx.setPeriodic(every, id -> sweepInBackground());
    stopTimer = () -> vertx.cancelTimer(timer);
  }

  void stop(@Observes ShutdownEvent event) {
    stopTimer.run();
  }

  /** Notes a heartbeat, inside the listener's transaction. */
  Uni<Void> heartbeat(RouterHeartbeat heartbeat) {
    if (heartbeat.routerId() == null || heartbeat.reportsSince() == null) {
      return Uni.createFrom().voidItem();
    }
    return routers.record(heartbeat.routerId(), heartbeat.reportsSince(), OffsetDateTime.now());
  }

  /**
   * Notes that a router reported something (any connector event), inside the listener's
   * transaction: as good as a heartbeat for a router that sends them; nothing for one that does
   * not.
   */
  Uni<Void> seen(String routerId) {
    return routerId == null
        ? Uni.createFrom().voidItem()
        : routers.touch(routerId, OffsetDateTime.now());
  }

  private void sweepInBackground() {
    if (OffsetDateTime.now().isBefore(startedAt.plus(config.routerExpiry()))) {
      return;
    }
    if (sweeping.compareAndSet(false, true)) {
      Background.run("router liveness sweep", this::sweep, () -> sweeping.set(false));
    }
  }

  /** Closes the connections of dead routers; returns how many. */
  public Uni<Integer> sweep() {
    var cutoff = OffsetDateTime.now().minus(config.routerExpiry());
    return Panache.withSession(() -> connections.listOfDeadRouters(cutoff))
        .flatMap(
            dead -> {
              var tenants = new LinkedHashMap<UUID, UUID>();
              dead.forEach(c -> tenants.put(c.tunnelId, c.tenantId));
              return Multi.createFrom()
                  .iterable(tenants.entrySet())
                  .onItem()
                  .transformToUniAndConcatenate(e -> closeAll(e.getValue(), e.getKey(), cutoff))
                  .collect()
                  .with(java.util.stream.Collectors.summingInt(Integer::intValue));
            });
  }

  /**
   * Closes a tunnel's connections of dead routers, found again under the tunnel's lock: one that a
   * router reported again meanwhile (which also counts as a sign of its life) stays open.
   */
  private Uni<Integer> closeAll(UUID tenantId, UUID tunnelId, OffsetDateTime cutoff) {
    var now = OffsetDateTime.now();
    return Panache.withTransaction(
        () ->
            tunnels
                .lockInTenant(tenantId, tunnelId)
                .flatMap(
                    tunnel ->
                        connections
                            .listOfDeadRouters(cutoff, tunnelId)
                            .onItem()
                            .transformToMulti(dead -> Multi.createFrom().iterable(dead))
                            .onItem()
                            .transformToUniAndConcatenate(
                                c -> ledger.closed(tunnel, c, now, TunnelConnections.EXPIRED))
                            .collect()
                            .asList()
                            .flatMap(
                                closed -> {
                                  int count = (int) closed.stream().filter(b -> b).count();
                                  if (count == 0) {
                                    return Uni.createFrom().item(0);
                                  }
                                  LOG.infof(
                                      "closed %d connection(s) of tunnel %s: %s",
                                      count, tunnelId, TunnelConnections.EXPIRED);
                                  return connections
                                      .flush()
                                      .flatMap(f -> health.evaluate(tunnel))
                                      .replaceWith(count);
                                })));
  }
}
