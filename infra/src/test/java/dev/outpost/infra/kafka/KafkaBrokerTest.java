package dev.outpost.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.events.Topic;
import dev.outpost.infra.process.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  @TempDir Path state;

  @Test
  void carriesRecordsAndKeepsThemAcrossARestart() throws Exception {
    int port = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    var data = state.resolve("kafka");
    var log = state.resolve("kafka.log");
    var timeout = Duration.ofSeconds(90);

    try (var broker = KafkaBroker.start(port, controllerPort, data, log, "256m", timeout)) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), (short) 1);
      try (var producer = producer(broker.bootstrapServers())) {
        producer
            .send(new ProducerRecord<>(Topic.TUNNEL_CONFIGURATIONS.topicName(), "tunnel-1", "v1"))
            .get(30, TimeUnit.SECONDS);
      }
    }

    try (var broker = KafkaBroker.start(port, controllerPort, data, log, "256m", timeout)) {
      try (var consumer = consumer(broker.bootstrapServers())) {
        consumer.subscribe(List.of(Topic.TUNNEL_CONFIGURATIONS.topicName()));
        var received = new java.util.ArrayList<String>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.isEmpty() && System.nanoTime() < deadline) {
          consumer
              .poll(Duration.ofMillis(500))
              .forEach(r -> received.add(r.key() + "=" + r.value()));
        }
        assertThat(received).containsExactly("tunnel-1=v1");
      }
    }
  }

  @Test
  void createsCompactedStateTopics() throws Exception {
    try (var broker =
        KafkaBroker.start(
            FreePorts.pick(),
            FreePorts.pick(),
            state.resolve("kafka"),
            state.resolve("kafka.log"),
            "256m",
            Duration.ofSeconds(90))) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), (short) 1);
      // A second call finds every topic and changes nothing.
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), (short) 1);
      try (var admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        var resource =
            new ConfigResource(ConfigResource.Type.TOPIC, Topic.HOSTNAME_ROUTES.topicName());
        var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(admin.listTopics().names().get())
            .containsAll(java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toList());
      }
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(),
        new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "test",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(),
        new StringDeserializer());
  }
}
