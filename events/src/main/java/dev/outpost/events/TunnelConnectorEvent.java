package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A connector's connection opened or closed, or a connector applied a configuration version, as the
 * api-service recorded it from the routers' {@link ConnectorEvent}s: on {@link
 * Topic#TUNNEL_EVENTS}, keyed by tunnel id, so it stays in order with the tunnel's health changes.
 * Unlike the routers' raw events these are deduplicated: a replayed connector event produces none.
 *
 * @param reason why the connection ended ({@link #DISCONNECTED} only)
 * @param configVersion the version applied ({@link #CONFIG_APPLIED} only, else 0)
 */
public record TunnelConnectorEvent(
    UUID tunnelId,
    UUID tenantId,
    UUID connectorId,
    UUID connectionId,
    int connIndex,
    String routerId,
    String clientVersion,
    String platform,
    String reason,
    int configVersion,
    OffsetDateTime occurredAt) {

  public static final String CONNECTED = "dev.outpost.tunnel.connector-connected.v1";
  public static final String DISCONNECTED = "dev.outpost.tunnel.connector-disconnected.v1";

  /** The first connection of a connector to report a configuration version newer than before. */
  public static final String CONFIG_APPLIED = "dev.outpost.tunnel.config-applied.v1";
}
