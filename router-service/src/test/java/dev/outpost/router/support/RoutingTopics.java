package dev.outpost.router.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConfigurationRecord;
import dev.outpost.testing.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to the routing topics of the test broker as the api-service's outbox relay does: the key,
 * the JSON value (null for a tombstone) and the CloudEvents binary-mode headers.
 */
public final class RoutingTopics implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private final KafkaProducer<String, String> producer =
      new KafkaProducer<>(
          Map.<String, Object>of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
          new StringSerializer(),
          new StringSerializer());

  public RecordMetadata tunnel(TunnelConfigurationRecord record) {
    return send(
        Topic.TUNNEL_CONFIGURATIONS,
        record.tunnelId().toString(),
        json(record),
        TunnelConfigurationRecord.TYPE);
  }

  public RecordMetadata route(HostnameRouteRecord record) {
    return send(Topic.HOSTNAME_ROUTES, record.hostname(), json(record), HostnameRouteRecord.TYPE);
  }

  public RecordMetadata unbind(String hostname) {
    return send(Topic.HOSTNAME_ROUTES, hostname, null, HostnameRouteRecord.TYPE);
  }

  /** A record as JSON on any topic, as its producer would write it; null for a tombstone. */
  public RecordMetadata record(Topic topic, String key, Object record, String type) {
    return send(topic, key, record == null ? null : json(record), type);
  }

  /** Anything at all, headers and all, as a broken or foreign producer might write. */
  public RecordMetadata raw(Topic topic, String key, String value, String type) {
    return send(topic, key, value, type);
  }

  private RecordMetadata send(Topic topic, String key, String value, String type) {
    var record = new ProducerRecord<>(topic.topicName(), key, value);
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", UUID.randomUUID().toString());
    header(record, "ce_type", type);
    header(record, "ce_source", "/outpost/api-service");
    header(record, "ce_subject", key);
    header(record, "content-type", "application/json");
    try {
      return producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the test broker refused a record", e);
    }
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    if (value != null) {
      record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String json(Object record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
