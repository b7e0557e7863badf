package dev.outpost.events;

import java.util.Map;
import java.util.UUID;

/**
 * The current state of a tunnel, as a router needs it: on {@link Topic#TUNNEL_CONFIGURATIONS},
 * keyed by tunnel id, newest {@code revision} wins (a consumer ignores a record whose revision is
 * not newer than the one it holds, which makes re-deliveries harmless).
 *
 * @param state {@link #ACTIVE} or {@link #DELETED}; a router refuses connectors of a deleted tunnel
 * @param secretHash hex SHA-256 of the tunnel secret; a router compares a connector's secret with
 *     it
 * @param configSource {@code local} (the connector's own config.yml) or {@code remote}
 * @param ingress the remote-managed configuration document (cloudflared's shape), null if none
 * @param configVersion the version of {@code ingress}; 0 when there is none
 * @param revision grows with every change of the tunnel
 */
public record TunnelConfigurationRecord(
    UUID tunnelId,
    UUID tenantId,
    String name,
    String state,
    String secretHash,
    String configSource,
    Map<String, Object> ingress,
    int configVersion,
    long revision) {

  public static final String TYPE = "dev.outpost.tunnel.configuration.v1";
  public static final String ACTIVE = "active";
  public static final String DELETED = "deleted";
}
