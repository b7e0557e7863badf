package dev.outpost.events;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A router says it is alive: on {@link Topic#CONNECTOR_EVENTS}, keyed by router id, every {@link
 * #INTERVAL}, with the CloudEvent type {@link #CLOUD_EVENT_TYPE}. The JSON's {@code type} field is
 * {@link #TYPE_NAME}, which tells it apart from a {@link ConnectorEvent} on the same topic.
 *
 * <p>The api-service closes every open connection of a router it has heard from and then not for
 * its expiry (15 s by default), and every connection a router reported before its current {@code
 * startedAt} (the router restarted, so those connections are gone). A router that never sends one
 * never expires. A router whose heartbeats could not be sent for a while (Kafka unreachable) sends
 * {@code connected} again for each live connection once it can, which reopens connections closed by
 * expiry.
 *
 * @param type always {@link #TYPE_NAME}
 * @param routerId the {@code routerId} of the router's connector events
 * @param startedAt when this router process started, on the clock its connector events use
 * @param sentAt when this heartbeat was sent
 */
public record RouterHeartbeat(
    String type, String routerId, OffsetDateTime startedAt, OffsetDateTime sentAt) {

  public static final String TYPE_NAME = "router-heartbeat";
  public static final String CLOUD_EVENT_TYPE = "dev.outpost.router.heartbeat.v1";

  /** How often a router sends one. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  public static RouterHeartbeat of(String routerId, OffsetDateTime startedAt) {
    return new RouterHeartbeat(TYPE_NAME, routerId, startedAt, OffsetDateTime.now());
  }
}
