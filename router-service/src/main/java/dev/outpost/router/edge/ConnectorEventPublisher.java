package dev.outpost.router.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.protocol.edge.TunnelConnection;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Tells the platform what this router sees of connectors: connected, disconnected (with why),
 * configuration applied. Keyed by tunnel id; consumers apply them idempotently.
 */
@ApplicationScoped
public class ConnectorEventPublisher {

  static final String CHANNEL = "connector-events";
  private static final Logger LOG = Logger.getLogger(ConnectorEventPublisher.class);

  private final MutinyEmitter<String> emitter;
  private final ObjectMapper json;
  private final RouterIdentity router;

  ConnectorEventPublisher(
      @Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper json, RouterIdentity router) {
    this.emitter = emitter;
    this.json = json;
    this.router = router;
  }

  public void connected(TunnelConnection connection) {
    publish(ConnectorEvent.CONNECTED, connection, null, 0);
  }

  public void disconnected(TunnelConnection connection, String reason) {
    publish(ConnectorEvent.DISCONNECTED, connection, reason, 0);
  }

  public void configApplied(TunnelConnection connection, int version) {
    publish(ConnectorEvent.CONFIG_APPLIED, connection, null, version);
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
            OffsetDateTime.now());
    String payload;
    try {
      payload = json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var message =
        EventMessages.of(
            payload,
            c.tunnelId().toString(),
            UUID.randomUUID().toString(),
            ConnectorEvent.CLOUD_EVENT_TYPE_PREFIX + type + ".v1",
            URI.create("/outpost/router/" + router.id()));
    emitter
        .sendMessage(message)
        .subscribe()
        .with(
            ok -> {},
            failure ->
                LOG.warnf(
                    "connector event %s for tunnel %s not published: %s",
                    type, c.tunnelId(), failure.getMessage()));
  }
}
