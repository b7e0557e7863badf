package dev.outpost.events;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A router says it is alive: on {@link Topic#CONNECTOR_EVENTS}, keyed by router id, every {@link
 * #INTERVAL} by default, with the CloudEvent type {@link #CLOUD_EVENT_TYPE}. The JSON's {@code
 * type} field is {@link #TYPE_NAME}, which tells it apart from a {@link ConnectorEvent} on the same
 * topic.
 *
 * <p>{@code reportsSince} is the instant from which this router's reports are complete: every
 * connection it holds was reported {@code connected} at or after it. It is the router's start, and
 * it moves forward when the router had to assume that reports were lost: when a heartbeat is
 * acknowledged by Kafka more than two intervals after the one before (Kafka was unreachable, so
 * {@code connected} and {@code disconnected} events may have been dropped, and the api-service may
 * have expired the router meanwhile), the router takes a new {@code reportsSince}, sends a
 * heartbeat with it and then {@code connected} again for each live connection.
 *
 * <p>The api-service closes every open connection of a router it has heard from and then not for
 * its expiry (15 s by default; at least three intervals), and every connection last reported before
 * the router's current {@code reportsSince} (the router restarted, or re-announced what it holds
 * and this one was not among it). A {@code connected} for a connection closed that way reopens it.
 * A router that never sends a heartbeat never expires.
 *
 * @param type always {@link #TYPE_NAME}
 * @param routerId the {@code routerId} of the router's connector events
 * @param reportsSince see above, on the clock the router's connector events use
 * @param sentAt when this heartbeat was sent
 */
public record RouterHeartbeat(
    String type, String routerId, OffsetDateTime reportsSince, OffsetDateTime sentAt) {

  public static final String TYPE_NAME = "router-heartbeat";
  public static final String CLOUD_EVENT_TYPE = "dev.outpost.router.heartbeat.v1";

  /** How often a router sends one, unless configured otherwise. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  public static RouterHeartbeat of(String routerId, OffsetDateTime reportsSince) {
    return new RouterHeartbeat(TYPE_NAME, routerId, reportsSince, OffsetDateTime.now());
  }
}
