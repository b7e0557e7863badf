package dev.outpost.api.tunnel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.ConnectorEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps tunnels' connections and status in step with what the routers report: a connection opens,
 * closes, or applies a configuration version. Replays are harmless.
 */
@ApplicationScoped
public class ConnectorEventListener {

  static final String CHANNEL = "connector-events";
  private static final Logger LOG = Logger.getLogger(ConnectorEventListener.class);

  private final TunnelRepository tunnels;
  private final TunnelConnectionRepository connections;
  private final ObjectMapper json;

  ConnectorEventListener(
      TunnelRepository tunnels, TunnelConnectionRepository connections, ObjectMapper json) {
    this.tunnels = tunnels;
    this.connections = connections;
    this.json = json;
  }

  @Incoming(CHANNEL)
  @WithTransaction
  public Uni<Void> onEvent(String payload) {
    ConnectorEvent event;
    try {
      event = json.readValue(payload, ConnectorEvent.class);
    } catch (IOException e) {
      // A record we cannot read would block the partition forever if it failed the stream.
      LOG.warnf("skipping an unreadable connector event: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    if (event.tunnelId() == null || event.tenantId() == null || event.connectionId() == null) {
      LOG.warnf("skipping a connector event without tunnel, tenant or connection id");
      return Uni.createFrom().voidItem();
    }
    return tunnels
        .findInTenant(event.tenantId(), event.tunnelId())
        .flatMap(
            tunnel -> {
              if (tunnel == null) {
                return Uni.createFrom().voidItem();
              }
              return switch (event.type()) {
                case ConnectorEvent.CONNECTED -> connected(tunnel, event);
                case ConnectorEvent.DISCONNECTED -> disconnected(tunnel, event);
                default -> Uni.createFrom().voidItem();
              };
            });
  }

  private Uni<Void> connected(TunnelEntity tunnel, ConnectorEvent event) {
    return connections
        .findById(event.connectionId())
        .flatMap(
            known -> {
              if (known != null) {
                return Uni.createFrom().voidItem();
              }
              var connection = new TunnelConnectionEntity();
              connection.id = event.connectionId();
              connection.tunnelId = tunnel.id;
              connection.tenantId = tunnel.tenantId;
              connection.connectorId = event.connectorId();
              connection.connIndex = event.connIndex();
              connection.routerId = event.routerId();
              connection.originIp = event.originIp();
              connection.clientVersion = event.clientVersion();
              connection.platform = event.platform();
              connection.openedAt = at(event);
              tunnel.status = "healthy";
              if (tunnel.connsActiveAt == null || tunnel.connsInactiveAt != null) {
                tunnel.connsActiveAt = connection.openedAt;
                tunnel.connsInactiveAt = null;
              }
              return connections.persist(connection).replaceWithVoid();
            });
  }

  private Uni<Void> disconnected(TunnelEntity tunnel, ConnectorEvent event) {
    return connections
        .findById(event.connectionId())
        .flatMap(
            known -> {
              if (known == null || known.closedAt != null) {
                return Uni.createFrom().voidItem();
              }
              known.closedAt = at(event);
              known.closeReason = event.reason();
              return connections
                  .flush()
                  .flatMap(flushed -> connections.countOpen(tunnel.tenantId, tunnel.id))
                  .invoke(
                      open -> {
                        if (open == 0) {
                          tunnel.status = "down";
                          tunnel.connsInactiveAt = known.closedAt;
                        }
                      })
                  .replaceWithVoid();
            });
  }

  private static OffsetDateTime at(ConnectorEvent event) {
    return event.occurredAt() == null ? OffsetDateTime.now() : event.occurredAt();
  }
}
