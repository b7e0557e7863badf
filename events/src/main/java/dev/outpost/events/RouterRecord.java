package dev.outpost.events;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A router that takes requests from its peers: on {@link Topic#ROUTERS}, keyed by router id, sent
 * at start and every {@link #REFRESH} after, a tombstone when it stops. Peers forward a request of
 * a tunnel they hold no connection of to a router that has one ({@link TunnelPresenceRecord}), at
 * {@code peerAddress}; a router not heard of for {@link #EXPIRY} is taken for gone.
 *
 * @param peerAddress host:port of its peer listener (mutual TLS with the operators' CA)
 * @param startedAt when this router process started; its presence records carry the same
 */
public record RouterRecord(
    String routerId, String peerAddress, OffsetDateTime startedAt, OffsetDateTime sentAt) {

  public static final String TYPE = "dev.outpost.router.v1";
  public static final Duration REFRESH = Duration.ofSeconds(10);
  public static final Duration EXPIRY = REFRESH.multipliedBy(3);
}
