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
import java.util.List;
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
              var byTunnel = new LinkedHashMap<UUID, List<UUID>>();
              var tenants = new LinkedHashMap<UUID, UUID>();
              for (var c : dead) {
                byTunnel.computeIfAbsent(c.tunnelId, k -> new java.util.ArrayList<>()).add(c.id);
                tenants.put(c.tunnelId, c.tenantId);
              }
              return Multi.createFrom()
                  .iterable(byTunnel.entrySet())
                  .onItem()
                  .transformToUniAndConcatenate(
                      e -> closeAll(tenants.get(e.getKey()), e.getKey(), e.getValue()))
                  .collect()
                  .with(java.util.stream.Collectors.summingInt(Integer::intValue));
            });
  }

  private Uni<Integer> closeAll(UUID tenantId, UUID tunnelId, List<UUID> ids) {
    var now = OffsetDateTime.now();
    return Panache.withTransaction(
        () ->
            tunnels
                .lockInTenant(tenantId, tunnelId)
                .flatMap(
                    tunnel ->
                        Multi.createFrom()
                            .iterable(ids)
                            .onItem()
                            .transformToUniAndConcatenate(
                                id ->
                                    connections
                                        .findById(id)
                                        .flatMap(
                                            c ->
                                                ledger.closed(
                                                    tunnel, c, now, TunnelConnections.EXPIRED)))
                            .collect()
                            .asList()
                            .flatMap(
                                closed -> {
                                  int count = (int) closed.stream().filter(b -> b).count();
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
