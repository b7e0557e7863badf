package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A router holds live connections of a tunnel: on {@link Topic#TUNNEL_PRESENCE}, keyed by {@link
 * #key}, sent when the count changes, a tombstone when it falls to zero. A router that starts again
 * removes what an earlier run of it left ({@code routerStartedAt} tells them apart).
 *
 * @param connections how many connections of the tunnel this router holds now
 */
public record TunnelPresenceRecord(
    UUID tunnelId, String routerId, int connections, OffsetDateTime routerStartedAt) {

  public static final String TYPE = "dev.outpost.tunnel.presence.v1";

  /** The record's key: one per tunnel and router. */
  public static String key(UUID tunnelId, String routerId) {
    return tunnelId + "/" + routerId;
  }
}
