package dev.outpost.router.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.RouterHeartbeat;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Sends this router's {@link RouterHeartbeat} every interval, keyed by router id, so the
 * api-service can tell a router that died without a goodbye from one that is quiet.
 *
 * <p>When a heartbeat is acknowledged more than two intervals after the one before, Kafka was out
 * of reach meanwhile: {@code connected} or {@code disconnected} events may have been dropped, and
 * the api-service may have expired this router's connections. The router then moves its {@code
 * reportsSince} to now, says so in a heartbeat, and reports every live connection again: the
 * api-service closes what it still holds from before that instant and was not reported again, and
 * reopens what it expired. Thread-safe: acks arrive on the producer's thread.
 */
@ApplicationScoped
public class HeartbeatPublisher {

  private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

  private final ConnectorEventPublisher events;
  private final RouterIdentity router;
  private final ObjectMapper json;
  private final long intervalNanos;
  private final AtomicReference<OffsetDateTime> reportsSince =
      new AtomicReference<>(OffsetDateTime.now());
  private final AckGaps gaps;

  HeartbeatPublisher(
      ConnectorEventPublisher events,
      RouterIdentity router,
      ObjectMapper json,
      HeartbeatConfig config) {
    this.events = events;
    this.router = router;
    this.json = json;
    this.intervalNanos = config.interval().toNanos();
    this.gaps = new AckGaps(config.interval().multipliedBy(2).toNanos());
  }

  void start(@Observes StartupEvent event, Vertx vertx) {
    long every = Math.max(10, intervalNanos / 1_000_000);
    vertx.setPeriodic(1, every, id -> beat());
  }

  /** Sends one heartbeat now. */
  void beat() {
    send(reportsSince.get());
  }

  private void send(OffsetDateTime since) {
    String payload;
    try {
      payload = json.writeValueAsString(RouterHeartbeat.of(router.id(), since));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    events
        .send(payload, router.id(), RouterHeartbeat.CLOUD_EVENT_TYPE)
        .subscribe()
        .with(
            ok -> {
              if (gaps.acknowledged(System.nanoTime())) {
                resynchronize();
              }
            },
            failure -> LOG.warnf("heartbeat not published: %s", failure.getMessage()));
  }

  /**
   * Starts a new run of reports: a heartbeat with a new {@code reportsSince}, then every live
   * connection again.
   */
  void resynchronize() {
    var since = OffsetDateTime.now();
    reportsSince.set(since);
    send(since);
    int count = events.reannounce();
    LOG.infof(
        "Kafka was out of reach: reports start again at %s; %d live connection(s) reported again",
        since, count);
  }
}
