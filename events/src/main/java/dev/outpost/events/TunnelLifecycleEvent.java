package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Something happened to a tunnel: on {@link Topic#TUNNEL_EVENTS}, keyed by tunnel id. The
 * CloudEvent type says what ({@link #CREATED}, {@link #RENAMED}, ...).
 */
public record TunnelLifecycleEvent(
    UUID tunnelId, UUID tenantId, String name, long revision, OffsetDateTime occurredAt) {

  public static final String CREATED = "dev.outpost.tunnel.created.v1";
  public static final String RENAMED = "dev.outpost.tunnel.renamed.v1";
  public static final String SECRET_ROTATED = "dev.outpost.tunnel.secret-rotated.v1";
  public static final String CONFIGURATION_CHANGED = "dev.outpost.tunnel.configuration-changed.v1";
  public static final String DELETED = "dev.outpost.tunnel.deleted.v1";
}
