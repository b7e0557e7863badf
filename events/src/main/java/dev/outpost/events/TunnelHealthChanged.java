package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A tunnel's health status changed: on {@link Topic#TUNNEL_EVENTS}, keyed by tunnel id, CloudEvent
 * type {@link #TYPE}. Statuses are {@code inactive}, {@code healthy}, {@code degraded} and {@code
 * down}; a change for the worse is announced only once it has lasted the api-service's hold (a few
 * seconds), a recovery at once.
 *
 * @param from the status announced before
 * @param to the status now
 * @param activeConnections live connections of all the tunnel's connectors
 * @param connectors connectors with at least one live connection
 * @param expectedConnections how many connections one connector is meant to hold
 * @param occurredAt when the change was announced
 */
public record TunnelHealthChanged(
    UUID tunnelId,
    UUID tenantId,
    String name,
    String from,
    String to,
    int activeConnections,
    int connectors,
    int expectedConnections,
    OffsetDateTime occurredAt) {

  public static final String TYPE = "dev.outpost.tunnel.health-changed.v1";
}
