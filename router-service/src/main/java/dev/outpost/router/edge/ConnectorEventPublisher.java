package dev.outpost.router.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.protocol.edge.TunnelConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Tells the platform what this router sees of connectors: connected (with how many connections the
 * connector means to hold), disconnected (with why), configuration applied. Keyed by tunnel id;
 * consumers apply them idempotently. Keeps the connections it reported live, so they can be
 * reported again when reports may have been lost (see {@link HeartbeatPublisher}). Thread-safe.
 */
@ApplicationScoped
public class ConnectorEventPublisher {

  static final String CHANNEL = "connector-events";
  private static final Logger LOG = Logger.getLogger(ConnectorEventPublisher.class);

  private final MutinyEmitter<String> emitter;
  private final ObjectMapper json;
  private final RouterIdentity router;
  private final Map<UUID, TunnelConnection> live = new ConcurrentHashMap<>();

  ConnectorEventPublisher(
      @Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json, RouterIdentity router) {
    this.emitter = emitter;
    this.json = json;
    this.router = router;
  }

  public void connected(TunnelConnection connection) {
    live.put(connection.connectionId(), connection);
    publish(ConnectorEvent.CONNECTED, connection, null, 0);
  }

  public void disconnected(TunnelConnection connection, String reason) {
    live.remove(connection.connectionId());
    publish(ConnectorEvent.DISCONNECTED, connection, reason, 0);
  }

  public void configApplied(TunnelConnection connection, int version) {
    publish(ConnectorEvent.CONFIG_APPLIED, connection, null, version);
  }

  /** Reports {@code connected} again for every live connection; returns how many. */
  int reannounce() {
    var connections = live.values().stream().filter(TunnelConnection::isActive).toList();
    connections.forEach(c -> publish(ConnectorEvent.CONNECTED, c, null, 0));
    return connections.size();
  }

  /** Sends a JSON payload on the connector events topic; the answer is the broker's ack. */
  Uni<Void> send(String payload, String key, String type) {
    var message =
        EventMessages.of(
            payload,
            key,
            UUID.randomUUID().toString(),
            type,
            URI.create("/outpost/router/" + router.id()));
    return emitter.sendMessage(message);
  }

  private void publish(String type, TunnelConnection c, String reason, int configVersion) {
    var event =
        new ConnectorEvent(
            type,
            c.tunnelId(),
            c.tenantId(),
            c.connectionId(),
            c.connectorId(),
            c.connIndex(),
            router.id(),
            c.originIp(),
            c.clientVersion(),
            c.platform(),
            reason,
            configVersion,
            OffsetDateTime.now(),
            ConnectorEvent.CONNECTED.equals(type) ? c.haConnections() : 0);
    String payload;
    try {
      payload = json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    send(payload, c.tunnelId().toString(), ConnectorEvent.CLOUD_EVENT_TYPE_PREFIX + type + ".v1")
        .subscribe()
        .with(
            ok -> {},
            failure ->
                LOG.warnf(
                    "connector event %s for tunnel %s not published: %s",
                    type, c.tunnelId(), failure.getMessage()));
  }
}
