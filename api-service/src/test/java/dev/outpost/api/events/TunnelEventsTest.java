package dev.outpost.api.events;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.testing.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.security.Secrets;
import dev.outpost.api.support.Api;
import dev.outpost.events.Topic;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.service.outbox.OutboxRelay;
import dev.outpost.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What the routers and webhooks hear: every change on its topic, keyed, in order, versioned. */
@QuarkusTest
class TunnelEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject OutboxRelay relay;

  private static JsonNode value(ConsumerRecord<String, String> record) {
    try {
      return JSON.readTree(record.value());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aTunnelsLifeIsPublishedAsConfigurationRecordsAndLifecycleEvents() {
    try (var configurations = new TopicReader(Topic.TUNNEL_CONFIGURATIONS);
        var lifecycle = new TopicReader(Topic.TUNNEL_EVENTS);
        var routes = new TopicReader(Topic.HOSTNAME_ROUTES)) {
      var tunnel = Api.createTunnel("alice", "remote");
      var id = tunnel.get("id");
      var hostname = "ev-" + UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
      as("alice")
          .body(Map.of("name", tunnel.get("name") + "-2"))
          .patch("/v1/tunnels/" + id)
          .then()
          .statusCode(200);
      as("alice")
          .body(
              Map.of(
                  "config", Map.of("ingress", List.of(Map.of("service", "http://localhost:3000")))))
          .put("/v1/tunnels/" + id + "/configuration")
          .then()
          .statusCode(200);
      as("alice")
          .body(Map.of("hostname", hostname, "tunnelId", id))
          .post("/v1/routes")
          .then()
          .statusCode(201);
      as("alice").delete("/v1/tunnels/" + id).then().statusCode(204);

      var records = configurations.awaitKey(id, 4);
      assertThat(records)
          .extracting(r -> value(r).get("revision").asLong())
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(records)
          .extracting(r -> header(r, "ce_type"))
          .containsOnly("dev.outpost.tunnel.configuration.v1");
      var first = value(records.get(0));
      var secret = TunnelToken.parse(tunnel.get("token")).secret();
      assertThat(first.get("secretHash").asText()).isEqualTo(Secrets.hash(secret));
      assertThat(first.get("state").asText()).isEqualTo("active");
      assertThat(value(records.get(2)).get("ingress").get("ingress").get(0).get("service").asText())
          .isEqualTo("http://localhost:3000");
      assertThat(value(records.get(3)).get("state").asText()).isEqualTo("deleted");
      // The secret itself never travels.
      assertThat(records)
          .allSatisfy(r -> assertThat(r.value()).doesNotContain(tunnel.get("token")));

      assertThat(lifecycle.awaitKey(id, 4))
          .extracting(r -> header(r, "ce_type"))
          .containsExactly(
              "dev.outpost.tunnel.created.v1",
              "dev.outpost.tunnel.renamed.v1",
              "dev.outpost.tunnel.configuration-changed.v1",
              "dev.outpost.tunnel.deleted.v1");

      var routeRecords = routes.awaitKey(hostname, 2);
      assertThat(value(routeRecords.get(0)).get("tunnelId").asText()).isEqualTo(id);
      assertThat(routeRecords.get(1).value()).as("tombstone on unbind").isNull();
    }
  }

  @Test
  void changesMadeWhileTheRelayIsStoppedAllArriveInOrderWhenItResumes() {
    try (var configurations = new TopicReader(Topic.TUNNEL_CONFIGURATIONS)) {
      relay.suspend();
      List<String> ids;
      try {
        var a = Api.createTunnel("alice", "local").get("id");
        var b = Api.createTunnel("carol", "local").get("id");
        for (int i = 0; i < 3; i++) {
          as("alice").post("/v1/tunnels/" + a + "/secret").then().statusCode(200);
          as("carol").post("/v1/tunnels/" + b + "/secret").then().statusCode(200);
        }
        ids = List.of(a, b);
        assertThat(configurations.collect(a, Duration.ofSeconds(3)))
            .as("nothing while stopped")
            .isEmpty();
      } finally {
        relay.resume();
      }
      for (var id : ids) {
        assertThat(configurations.awaitKey(id, 4))
            .extracting(r -> value(r).get("revision").asLong())
            .containsExactly(1L, 2L, 3L, 4L);
      }
    }
  }
}
