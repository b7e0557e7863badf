package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a router saw of a connector's connection: on {@link Topic#CONNECTOR_EVENTS}, keyed by tunnel
 * id. Consumers apply them idempotently (a repeated {@code connected} for a known connection, or a
 * {@code disconnected} for a closed one, changes nothing).
 *
 * @param type {@link #CONNECTED}, {@link #DISCONNECTED} or {@link #CONFIG_APPLIED}
 * @param connectionId the router's id of this connection
 * @param connIndex which of the connector's HA connections (0..n-1)
 * @param reason why a connection ended (disconnected only)
 * @param configVersion the configuration version the connector applied (config-applied only)
 * @param haConnections how many connections the connector means to hold, as it said when it
 *     registered (connected only; 0 when unknown)
 */
public record ConnectorEvent(
    String type,
    UUID tunnelId,
    UUID tenantId,
    UUID connectionId,
    UUID connectorId,
    int connIndex,
    String routerId,
    String originIp,
    String clientVersion,
    String platform,
    String reason,
    int configVersion,
    OffsetDateTime occurredAt,
    int haConnections) {

  public static final String CONNECTED = "connected";
  public static final String DISCONNECTED = "disconnected";
  public static final String CONFIG_APPLIED = "config-applied";
  public static final String CLOUD_EVENT_TYPE_PREFIX = "dev.outpost.connector.";
}
