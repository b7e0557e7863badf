package dev.outpost.events;

import java.util.UUID;

/**
 * A hostname bound to a tunnel: on {@link Topic#HOSTNAME_ROUTES}, keyed by the hostname (lower
 * case; a wildcard keeps its {@code *.}). Unbinding writes a tombstone (a null value) for the key.
 */
public record HostnameRouteRecord(String hostname, UUID tenantId, UUID tunnelId) {

  public static final String TYPE = "dev.outpost.route.v1";
}
