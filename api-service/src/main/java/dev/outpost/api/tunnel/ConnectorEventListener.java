package dev.outpost.api.tunnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.background.Retrying;
import dev.outpost.api.tunnel.health.TunnelHealthService;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.events.RouterHeartbeat;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps tunnels' connections and health in step with what the routers report: a connection opens,
 * closes, or applies a configuration version; a router says it is alive. Replays are harmless.
 *
 * <p>Each event is handled in one transaction that locks the tunnel's row: the connection change,
 * the connector event for webhooks and a health change commit together, and never interleave with
 * the health timer's work on the same tunnel. A transaction that fails is retried until it commits.
 */
@ApplicationScoped
public class ConnectorEventListener {

  static final String CHANNEL = "connector-events";

  private static final Logger LOG = Logger.getLogger(ConnectorEventListener.class);

  private final TunnelRepository tunnels;
  private final TunnelConnectionRepository connections;
  private final TunnelConnections ledger;
  private final TunnelHealthService health;
  private final RouterLiveness routers;
  private final ObjectMapper json;

  ConnectorEventListener(
      TunnelRepository tunnels,
      TunnelConnectionRepository connections,
      TunnelConnections ledger,
      TunnelHealthService health,
      RouterLiveness routers,
      ObjectMapper json) {
    this.tunnels = tunnels;
    this.connections = connections;
    this.ledger = ledger;
    this.health = health;
    this.routers = routers;
    this.json = json;
  }

  @Incoming(CHANNEL)
  public Uni<Void> onEvent(String payload) {
    JsonNode tree;
    ConnectorEvent event;
    try {
      tree = json.readTree(payload);
      if (RouterHeartbeat.TYPE_NAME.equals(tree.path("type").asText())) {
        var heartbeat = json.treeToValue(tree, RouterHeartbeat.class);
        return Retrying.inTransaction(
            "recording a router heartbeat", () -> routers.heartbeat(heartbeat));
      }
      event = json.treeToValue(tree, ConnectorEvent.class);
    } catch (IOException | IllegalArgumentException e) {
      // A record we cannot read would block the partition forever if it failed the stream.
      LOG.warnf("skipping an unreadable connector event: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (event.tunnelId() == null || event.tenantId() == null || event.connectionId() == null) {
      LOG.warnf("skipping a connector event without tunnel, tenant or connection id");
      return Uni.createFrom().voidItem();
    }
    // Routers before haConnections send none (0): outpost.health.expected-connections applies.
    var expected = event.haConnections() > 0 ? event.haConnections() : null;
    return Retrying.inTransaction(
        "applying connector event " + event.type() + " of tunnel " + event.tunnelId(),
        () -> apply(event, expected));
  }

  private Uni<Void> apply(ConnectorEvent event, Integer expected) {
    // Any report is a sign of life: a connection re-announced after Kafka came back must not be
    // expired again because the router's heartbeat, on another partition, is read later.
    return routers
        .seen(event.routerId())
        .chain(() -> tunnels.lockInTenant(event.tenantId(), event.tunnelId()))
        .flatMap(
            tunnel -> {
              if (tunnel == null) {
                return Uni.createFrom().voidItem();
              }
              return switch (event.type()) {
                case ConnectorEvent.CONNECTED ->
                    ledger
                        .opened(tunnel, event, expected)
                        .call(changed -> changed ? evaluate(tunnel) : Uni.createFrom().voidItem())
                        .replaceWithVoid();
                case ConnectorEvent.DISCONNECTED ->
                    connections
                        .findById(event.connectionId())
                        .flatMap(
                            known ->
                                ledger.closed(
                                    tunnel, known, TunnelConnections.at(event), event.reason()))
                        .call(changed -> changed ? evaluate(tunnel) : Uni.createFrom().voidItem())
                        .replaceWithVoid();
                case ConnectorEvent.CONFIG_APPLIED -> ledger.applied(tunnel, event);
                default -> Uni.createFrom().voidItem();
              };
            });
  }

  private Uni<Void> evaluate(TunnelEntity tunnel) {
    return connections.flush().flatMap(flushed -> health.evaluate(tunnel));
  }
}
