package dev.outpost.service.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outpost.events.Topic;
import dev.outpost.testing.Infrastructure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The outbox against the real PostgreSQL and the real Kafka broker: what a transaction commits
 * reaches Kafka as a CloudEvent and is marked published; what it rolls back never leaves.
 */
@QuarkusTest
class OutboxRelayTest {

  @Inject Outbox outbox;
  @Inject OutboxRepository repository;

  @Test
  void committedEventReachesKafkaAsACloudEventAndIsMarkedPublished() throws Throwable {
    var key = "tunnel-" + UUID.randomUUID();
    try (var consumer = consumer(Topic.TUNNEL_EVENTS)) {
      UUID eventId =
          inTransaction(
              () ->
                  outbox.enqueue(
                      Topic.TUNNEL_EVENTS,
                      key,
                      "dev.outpost.test.v1",
                      Map.of("tunnel", key, "state", "created")));

      var record = awaitRecord(consumer, key);
      assertThat(record.value()).contains("\"state\":\"created\"");
      assertThat(header(record, "ce_id")).isEqualTo(eventId.toString());
      assertThat(header(record, "ce_type")).isEqualTo("dev.outpost.test.v1");
      assertThat(header(record, "ce_source")).isEqualTo("/outpost/api-service");
      assertThat(header(record, "ce_subject")).isEqualTo(key);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          VertxContextSupport.subscribeAndAwait(
                              () -> Panache.withSession(() -> repository.findByEventId(eventId))))
                      .extracting(e -> e.publishedAt)
                      .isNotNull());
    }
  }

  @Test
  void rolledBackEventNeverLeaves() throws Throwable {
    var rolledBack = "tunnel-" + UUID.randomUUID();
    var committed = "tunnel-" + UUID.randomUUID();
    try (var consumer = consumer(Topic.TUNNEL_EVENTS)) {
      try {
        inTransaction(
            () ->
                outbox
                    .enqueue(Topic.TUNNEL_EVENTS, rolledBack, "dev.outpost.test.v1", Map.of())
                    .flatMap(
                        id ->
                            Uni.createFrom()
                                .failure(new IllegalStateException("use case failed"))));
      } catch (IllegalStateException expected) {
        // the use case failed after enqueueing: its transaction rolled back
      }
      inTransaction(
          () -> outbox.enqueue(Topic.TUNNEL_EVENTS, committed, "dev.outpost.test.v1", Map.of()));

      // The relay publishes in commit order, so once the later event is out, the earlier one
      // would have been too.
      var seen = new ArrayList<String>();
      awaitRecord(consumer, committed, seen);
      assertThat(seen).doesNotContain(rolledBack);
    }
  }

  @Test
  void aBacklogOfManyBatchesArrivesWholeAndInOrderPerKey() throws Throwable {
    var keys =
        List.of("k-" + UUID.randomUUID(), "k-" + UUID.randomUUID(), "k-" + UUID.randomUUID());
    int perKey = 400; // 1,200 events: more than two relay batches
    try (var consumer = consumer(Topic.TUNNEL_EVENTS)) {
      inTransaction(
          () -> {
            Uni<UUID> chain = Uni.createFrom().nullItem();
            for (int i = 0; i < perKey; i++) {
              for (var key : keys) {
                int n = i;
                chain =
                    chain.flatMap(
                        x ->
                            outbox.enqueue(
                                Topic.TUNNEL_EVENTS, key, "dev.outpost.test.v1", Map.of("n", n)));
              }
            }
            return chain;
          });
      var seen = new java.util.HashMap<String, List<Integer>>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.values().stream().mapToInt(List::size).sum() < keys.size() * perKey
          && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(250))) {
          if (keys.contains(record.key())) {
            int n = Integer.parseInt(record.value().replaceAll("\\D", ""));
            seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(n);
          }
        }
      }
      for (var key : keys) {
        assertThat(seen.get(key)).as(key).isSortedAccordingTo(Integer::compare).hasSize(perKey);
      }
    }
  }

  private static <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
  }

  private static KafkaConsumer<String, String> consumer(Topic topic) {
    var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(topic.topicName()));
    return consumer;
  }

  private static ConsumerRecord<String, String> awaitRecord(
      KafkaConsumer<String, String> consumer, String key) {
    return awaitRecord(consumer, key, new ArrayList<>());
  }

  private static ConsumerRecord<String, String> awaitRecord(
      KafkaConsumer<String, String> consumer, String key, List<String> seenKeys) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (var record : consumer.poll(Duration.ofMillis(250))) {
        seenKeys.add(record.key());
        if (key.equals(record.key())) {
          return record;
        }
      }
    }
    throw new AssertionError("no record with key " + key + " within 30 s; saw " + seenKeys);
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
