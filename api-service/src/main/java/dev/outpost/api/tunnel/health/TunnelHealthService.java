package dev.outpost.api.tunnel.health;

import dev.outpost.api.background.Background;
import dev.outpost.api.tunnel.TunnelConnectionEntity;
import dev.outpost.api.tunnel.TunnelConnectionRepository;
import dev.outpost.api.tunnel.TunnelEntity;
import dev.outpost.api.tunnel.TunnelRepository;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelHealthChanged;
import dev.outpost.service.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Derives each tunnel's status from its live connections ({@link TunnelHealth}), damps it ({@link
 * HealthDamper}) and announces every change: the tunnel's {@code status} and a {@link
 * TunnelHealthChanged} event through the outbox, in one transaction.
 *
 * <p>Threading: {@link #evaluate} runs inside a transaction that holds the tunnel's row lock, so
 * two evaluations of one tunnel never interleave; the map of held changes is shared by the event
 * listener and the timer and is only touched under this object's lock. Only tunnels with a change
 * on hold have an entry; a damper is otherwise rebuilt from the stored status, which keeps the
 * stored status the single truth (a replica that did not see the hold starts from it too).
 */
@ApplicationScoped
public class TunnelHealthService {

  private static final Logger LOG = Logger.getLogger(TunnelHealthService.class);

  private record Held(UUID tenantId, HealthDamper damper) {}

  private final TunnelRepository tunnels;
  private final TunnelConnectionRepository connections;
  private final Outbox outbox;
  private final HealthConfig config;
  private final Clock clock;
  private final Map<UUID, Held> held = new ConcurrentHashMap<>();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile Runnable stopTimer = () -> {};

  TunnelHealthService(
      TunnelRepository tunnels,
      TunnelConnectionRepository connections,
      Outbox outbox,
      HealthConfig config) {
    this.tunnels = tunnels;
    this.connections = connections;
    this.outbox = outbox;
    this.config = config;
    this.clock = Clock.systemUTC();
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    long tick = Math.max(10, config.tick().toMillis());
    long timer = vertx.setPeriodic(tick, id -> tick());
    stopTimer = () -> vertx.cancelTimer(timer);
    // Changes held when the service stopped are found again: every tunnel whose stored status may
    // disagree with its connections is evaluated once.
    vertx.setTimer(1000, id -> Background.run("health reconciliation", this::reconcile, () -> {}));
  }

  void stop(@Observes ShutdownEvent event) {
    stopTimer.run();
  }

  /**
   * Re-derives {@code tunnel}'s status after its connections changed and announces a change that is
   * due. Call inside a transaction holding the tunnel's row lock, after flushing the changes.
   */
  public Uni<Void> evaluate(TunnelEntity tunnel) {
    if (tunnel.deletedAt != null) {
      held.remove(tunnel.id);
      return Uni.createFrom().voidItem();
    }
    return connections
        .listOpen(tunnel.tenantId, tunnel.id)
        .flatMap(
            open -> {
              var change = observe(tunnel, derive(tunnel, open), clock.instant());
              return change.isEmpty()
                  ? Uni.createFrom().voidItem()
                  : announce(tunnel, open, change.get());
            });
  }

  /** Evaluates a tunnel by id in a transaction of its own, with its row locked. */
  public Uni<Void> evaluate(UUID tenantId, UUID tunnelId) {
    return Panache.withTransaction(
        () ->
            tunnels
                .lockInTenant(tenantId, tunnelId)
                .flatMap(
                    tunnel -> {
                      if (tunnel == null) {
                        held.remove(tunnelId);
                        return Uni.createFrom().voidItem();
                      }
                      return evaluate(tunnel);
                    }));
  }

  /** Tunnels with a change on hold, for tests and metrics. */
  public int heldChanges() {
    return held.size();
  }

  TunnelHealth derive(TunnelEntity tunnel, List<TunnelConnectionEntity> open) {
    var byConnector = new HashMap<UUID, int[]>();
    for (var connection : open) {
      var counts = byConnector.computeIfAbsent(connection.connectorId, k -> new int[2]);
      counts[0]++;
      counts[1] = Math.max(counts[1], expected(connection));
    }
    var connectors =
        byConnector.values().stream()
            .map(c -> new TunnelHealth.ConnectorConnections(c[0], c[1]))
            .toList();
    return TunnelHealth.of(tunnel.connsActiveAt != null, connectors);
  }

  private int expected(TunnelConnectionEntity connection) {
    return connection.expectedConnections != null && connection.expectedConnections > 0
        ? connection.expectedConnections
        : config.expectedConnections();
  }

  private synchronized Optional<HealthDamper.Change> observe(
      TunnelEntity tunnel, TunnelHealth derived, Instant now) {
    var stored = parse(tunnel.status);
    var entry = held.get(tunnel.id);
    var damper =
        entry != null && entry.damper().announced() == stored
            ? entry.damper()
            : new HealthDamper(stored, config.hold());
    var change = damper.observe(derived, now);
    if (damper.nextDue().isPresent()) {
      held.put(tunnel.id, new Held(tunnel.tenantId, damper));
    } else {
      held.remove(tunnel.id);
    }
    return change;
  }

  private Uni<Void> announce(
      TunnelEntity tunnel, List<TunnelConnectionEntity> open, HealthDamper.Change change) {
    tunnel.status = change.to().wireName();
    int connectors = (int) open.stream().map(c -> c.connectorId).distinct().count();
    int expected =
        open.stream().mapToInt(this::expected).max().orElse(config.expectedConnections());
    var event =
        new TunnelHealthChanged(
            tunnel.id,
            tunnel.tenantId,
            tunnel.name,
            change.from().wireName(),
            change.to().wireName(),
            open.size(),
            connectors,
            expected,
            OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC));
    LOG.infof(
        "tunnel %s is %s (was %s): %d connection(s) of %d connector(s)",
        tunnel.id, event.to(), event.from(), open.size(), connectors);
    return outbox
        .enqueue(Topic.TUNNEL_EVENTS, tunnel.id.toString(), TunnelHealthChanged.TYPE, event)
        .replaceWithVoid();
  }

  /** Announces held changes whose hold has passed; one pass at a time. */
  private void tick() {
    var now = clock.instant();
    var due =
        held.entrySet().stream()
            .filter(e -> e.getValue().damper().nextDue().map(at -> !at.isAfter(now)).orElse(false))
            .map(e -> Map.entry(e.getValue().tenantId(), e.getKey()))
            .toList();
    if (due.isEmpty() || !ticking.compareAndSet(false, true)) {
      return;
    }
    Background.run(
        "announcing held health changes",
        () ->
            Multi.createFrom()
                .iterable(due)
                .onItem()
                .transformToUniAndConcatenate(
                    e ->
                        evaluate(e.getKey(), e.getValue())
                            .onFailure()
                            .invoke(
                                failure ->
                                    LOG.warnf(
                                        "health of tunnel %s not evaluated: %s",
                                        e.getValue(), failure.toString()))
                            .onFailure()
                            .recoverWithNull())
                .collect()
                .last(),
        () -> ticking.set(false));
  }

  private Uni<Void> reconcile() {
    return Panache.withSession(tunnels::listPossiblyStale)
        .onItem()
        .transformToMulti(list -> Multi.createFrom().iterable(list))
        .onItem()
        .transformToUniAndConcatenate(t -> evaluate(t.tenantId, t.id))
        .collect()
        .last()
        .replaceWithVoid();
  }

  static TunnelHealth parse(String status) {
    return TunnelHealth.valueOf(status.toUpperCase(Locale.ROOT));
  }
}
