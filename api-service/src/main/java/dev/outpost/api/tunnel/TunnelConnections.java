package dev.outpost.api.tunnel;

import dev.outpost.events.ConnectorEvent;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConnectorEvent;
import dev.outpost.service.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Records what happens to a tunnel's connections and tells the tunnel events topic, inside the
 * caller's transaction (which holds the tunnel's row lock). Each method changes something only
 * once: a replayed report is a no-op and produces no event.
 */
@ApplicationScoped
public class TunnelConnections {

  /** The close reason of connections of a router presumed dead; such a connection may reopen. */
  public static final String EXPIRED = "router stopped sending heartbeats";

  private final TunnelConnectionRepository connections;
  private final Outbox outbox;

  TunnelConnections(TunnelConnectionRepository connections, Outbox outbox) {
    this.connections = connections;
    this.outbox = outbox;
  }

  /** A connection opened (or one closed by expiry reappeared). False when it was known. */
  public Uni<Boolean> opened(TunnelEntity tunnel, ConnectorEvent event, Integer expected) {
    return connections
        .findById(event.connectionId())
        .flatMap(
            known -> {
              if (known != null && known.tunnelId.equals(tunnel.id) && known.closedAt == null) {
                // Reported again (a replay, or a router re-announcing what it holds).
                if (known.reportedAt.isBefore(at(event))) {
                  known.reportedAt = at(event);
                }
                return Uni.createFrom().item(false);
              }
              if (known != null
                  && (!known.tunnelId.equals(tunnel.id) || !EXPIRED.equals(known.closeReason))) {
                return Uni.createFrom().item(false);
              }
              // Counted before this connection changes, so an automatic flush cannot count it.
              return connections
                  .countOpen(tunnel.tenantId, tunnel.id)
                  .flatMap(
                      open -> {
                        var connection = known != null ? known : new TunnelConnectionEntity();
                        fill(connection, tunnel, event, expected);
                        if (open == 0) {
                          tunnel.connsActiveAt = at(event);
                          tunnel.connsInactiveAt = null;
                        }
                        var stored =
                            known != null
                                ? Uni.createFrom().voidItem()
                                : connections.persist(connection).replaceWithVoid();
                        return stored.call(
                            () ->
                                publish(
                                    TunnelConnectorEvent.CONNECTED,
                                    connection,
                                    null,
                                    0,
                                    at(event)));
                      })
                  .replaceWith(true);
            });
  }

  private static void fill(
      TunnelConnectionEntity connection,
      TunnelEntity tunnel,
      ConnectorEvent event,
      Integer expected) {
    if (connection.id == null) {
      connection.id = event.connectionId();
      connection.openedAt = at(event);
    }
    connection.closedAt = null;
    connection.closeReason = null;
    connection.reportedAt = at(event);
    connection.tunnelId = tunnel.id;
    connection.tenantId = tunnel.tenantId;
    connection.connectorId = event.connectorId();
    connection.connIndex = event.connIndex();
    connection.routerId = event.routerId();
    connection.originIp = event.originIp();
    connection.clientVersion = event.clientVersion();
    connection.platform = event.platform();
    connection.expectedConnections = expected;
  }

  /** A connection closed. False when it was unknown or closed already. */
  public Uni<Boolean> closed(
      TunnelEntity tunnel, TunnelConnectionEntity connection, OffsetDateTime at, String reason) {
    if (connection == null
        || !connection.tunnelId.equals(tunnel.id)
        || connection.closedAt != null) {
      return Uni.createFrom().item(false);
    }
    connection.closedAt = at;
    connection.closeReason = reason;
    return connections
        .flush()
        .flatMap(flushed -> connections.countOpen(tunnel.tenantId, tunnel.id))
        .invoke(
            open -> {
              if (open == 0) {
                tunnel.connsInactiveAt = at;
              }
            })
        .call(open -> publish(TunnelConnectorEvent.DISCONNECTED, connection, reason, 0, at))
        .replaceWith(true);
  }

  /**
   * A connection applied a configuration version. The tunnel events topic hears of it once per
   * connector and version: from the first of its connections to report it.
   */
  public Uni<Void> applied(TunnelEntity tunnel, ConnectorEvent event) {
    return connections
        .findById(event.connectionId())
        .flatMap(
            connection -> {
              if (connection == null
                  || !connection.tunnelId.equals(tunnel.id)
                  || connection.configVersionApplied >= event.configVersion()) {
                return Uni.createFrom().voidItem();
              }
              // Counted before this connection changes, so an automatic flush cannot count it.
              return connections
                  .countConnectorAtVersion(
                      tunnel.tenantId, tunnel.id, connection.connectorId, event.configVersion())
                  .invoke(atVersion -> connection.configVersionApplied = event.configVersion())
                  .flatMap(
                      atVersion ->
                          atVersion > 0
                              ? Uni.createFrom().voidItem()
                              : publish(
                                  TunnelConnectorEvent.CONFIG_APPLIED,
                                  connection,
                                  null,
                                  event.configVersion(),
                                  at(event)));
            });
  }

  private Uni<Void> publish(
      String type, TunnelConnectionEntity c, String reason, int configVersion, OffsetDateTime at) {
    var event =
        new TunnelConnectorEvent(
            c.tunnelId,
            c.tenantId,
            c.connectorId,
            c.id,
            c.connIndex,
            c.routerId,
            c.clientVersion,
            c.platform,
            reason,
            configVersion,
            at);
    return outbox
        .enqueue(Topic.TUNNEL_EVENTS, c.tunnelId.toString(), type, event)
        .replaceWithVoid();
  }

  static OffsetDateTime at(ConnectorEvent event) {
    return event.occurredAt() == null ? OffsetDateTime.now() : event.occurredAt();
  }
}
