package dev.outpost.access.support;

import static io.restassured.RestAssured.given;

import dev.outpost.events.Topic;
import dev.outpost.testing.Infrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * The tenants of the realm's example users, published on {@code outpost.tenants} of the real broker
 * as the api-service would, once per test JVM; then waits until the service has them.
 */
public final class Tenants {

  public static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  public static final UUID GLOBEX = UUID.fromString("b0000000-0000-4000-8000-000000000002");

  private static volatile boolean provisioned;

  private Tenants() {}

  public static synchronized void provision() {
    if (provisioned) {
      return;
    }
    publish(ACME, "acme", List.of("acme.example"), 1);
    publish(GLOBEX, "globex", List.of("globex.example"), 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> reachable("alice") && reachable("carol"));
    provisioned = true;
  }

  private static boolean reachable(String user) {
    return given()
            .header("Authorization", "Bearer " + Infrastructure.accessToken(user))
            .get("/v1/applications")
            .statusCode()
        == 200;
  }

  /** Publishes a tenant record as the api-service does. */
  public static void publish(UUID id, String slug, List<String> zones, long revision) {
    var zonesJson =
        zones.stream().map(z -> "\"" + z + "\"").reduce((a, b) -> a + "," + b).orElse("");
    send(
        id.toString(),
        "{\"id\":\""
            + id
            + "\",\"slug\":\""
            + slug
            + "\",\"zones\":["
            + zonesJson
            + "],\"revision\":"
            + revision
            + "}");
  }

  public static void send(String key, String value) {
    send(Topic.TENANTS, key, value);
  }

  public static void send(Topic topic, String key, String value) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic.topicName(), key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
