package dev.outpost.api.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.events.RouterHeartbeat;
import dev.outpost.events.Topic;
import dev.outpost.testing.Infrastructure;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes on the connector events topic what a router would: connections of one connector of a
 * tunnel, and the router's heartbeats.
 */
public final class Router implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final KafkaProducer<String, String> producer =
      new KafkaProducer<>(
          Map.<String, Object>of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
          new StringSerializer(),
          new StringSerializer());
  private final String routerId;
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
  private ScheduledFuture<?> beating;

  public Router(String routerId) {
    this.routerId = routerId;
  }

  public String id() {
    return routerId;
  }

  /** One connector of a tunnel, with its connection ids by index. */
  public final class Connector {
    private final UUID tunnelId;
    private final UUID tenantId;
    private final UUID connectorId = UUID.randomUUID();
    private final UUID[] connections = new UUID[16];
    private final Integer haConnections;

    Connector(UUID tunnelId, UUID tenantId, Integer haConnections) {
      this.tunnelId = tunnelId;
      this.tenantId = tenantId;
      this.haConnections = haConnections;
      for (int i = 0; i < connections.length; i++) {
        connections[i] = UUID.randomUUID();
      }
    }

    public UUID id() {
      return connectorId;
    }

    /** Connection {@code index} opens (again: with the same id, a replay). */
    public Connector connect(int index) {
      send(ConnectorEvent.CONNECTED, index, null, 0, OffsetDateTime.now());
      return this;
    }

    public Connector connectAll(int count) {
      for (int i = 0; i < count; i++) {
        connect(i);
      }
      return this;
    }

    public Connector disconnect(int index) {
      send(ConnectorEvent.DISCONNECTED, index, "connector went away", 0, OffsetDateTime.now());
      return this;
    }

    /** Connection {@code index} closes and a new one takes its index. */
    public Connector reconnect(int index) {
      disconnect(index);
      return renew(index);
    }

    /** A new connection takes index {@code index} (after the old one closed). */
    public Connector renew(int index) {
      connections[index] = UUID.randomUUID();
      return connect(index);
    }

    public Connector applied(int index, int version) {
      send(ConnectorEvent.CONFIG_APPLIED, index, null, version, OffsetDateTime.now());
      return this;
    }

    /** A connection reported at {@code openedAt}, on the router's clock. */
    public Connector connectAt(int index, OffsetDateTime openedAt) {
      send(ConnectorEvent.CONNECTED, index, null, 0, openedAt);
      return this;
    }

    private void send(String type, int index, String reason, int version, OffsetDateTime at) {
      var event =
          new ConnectorEvent(
              type,
              tunnelId,
              tenantId,
              connections[index],
              connectorId,
              index,
              routerId,
              "192.0.2.7",
              "0.1.0",
              "linux_amd64",
              reason,
              version,
              at,
              ConnectorEvent.CONNECTED.equals(type) && haConnections != null ? haConnections : 0);
      try {
        publish(tunnelId.toString(), JSON.writeValueAsString(event));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public Connector connector(String tunnelId, UUID tenantId) {
    return new Connector(UUID.fromString(tunnelId), tenantId, null);
  }

  /** A connector whose events say how many connections it means to hold. */
  public Connector connector(String tunnelId, UUID tenantId, int haConnections) {
    return new Connector(UUID.fromString(tunnelId), tenantId, haConnections);
  }

  /** A heartbeat: this router's reports are complete since {@code reportsSince}. */
  public void heartbeat(OffsetDateTime reportsSince) {
    try {
      publish(routerId, JSON.writeValueAsString(RouterHeartbeat.of(routerId, reportsSince)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Heartbeats every {@code every} from now on, until {@link #stopBeating}. */
  public synchronized void beat(OffsetDateTime reportsSince, Duration every) {
    stopBeating();
    beating =
        beats.scheduleAtFixedRate(
            () -> heartbeat(reportsSince), 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** No more heartbeats: as if the router died. */
  public synchronized void stopBeating() {
    if (beating != null) {
      beating.cancel(false);
      beating = null;
    }
  }

  private void publish(String key, String value) {
    try {
      producer.send(new ProducerRecord<>(Topic.CONNECTOR_EVENTS.topicName(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("the test broker refused a connector event", e);
    }
  }

  @Override
  public void close() {
    beats.shutdownNow();
    producer.close();
  }
}
