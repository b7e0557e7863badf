package dev.outpost.api.tunnel;

import static dev.outpost.api.support.Api.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outpost.api.support.Api;
import dev.outpost.events.ConnectorEvent;
import dev.outpost.events.Topic;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.testing.Infrastructure;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Connections and status follow the connector events the routers publish on Kafka. */
@QuarkusTest
class ConnectorEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private static void publish(ConnectorEvent event) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topic.CONNECTOR_EVENTS.topicName(),
                  event.tunnelId().toString(),
                  JSON.writeValueAsString(event)))
          .get();
    }
  }

  private static ConnectorEvent event(
      String type, Map<String, String> tunnel, UUID tenant, UUID connection, UUID connector) {
    return new ConnectorEvent(
        type,
        UUID.fromString(tunnel.get("id")),
        tenant,
        connection,
        connector,
        0,
        "router-a",
        "192.0.2.7",
        "0.1.0",
        "linux_amd64",
        type.equals(ConnectorEvent.DISCONNECTED) ? "connector stopped" : null,
        0,
        OffsetDateTime.now(),
        0);
  }

  @Test
  void aConnectedConnectorMakesTheTunnelHealthyAndBlocksAPlainDelete() throws Exception {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    var tenant = TunnelToken.parse(tunnel.get("token")).tenantId();
    var connection = UUID.randomUUID();
    var connector = UUID.randomUUID();

    publish(event(ConnectorEvent.CONNECTED, tunnel, tenant, connection, connector));
    // A replay changes nothing.
    publish(event(ConnectorEvent.CONNECTED, tunnel, tenant, connection, connector));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("bob")
                    .get("/v1/tunnels/" + id)
                    .then()
                    // one connection of the four a connector holds by default
                    .body("status", equalTo("degraded"))
                    .body("activeConnections", equalTo(1))
                    .body("connsActiveAt", notNullValue())
                    .body("connectors[0].connectorId", equalTo(connector.toString()))
                    .body("connectors[0].routers[0]", equalTo("router-a")));
    as("bob")
        .get("/v1/tunnels/" + id + "/connections")
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].originIp", equalTo("192.0.2.7"));

    as("alice")
        .delete("/v1/tunnels/" + id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");

    publish(event(ConnectorEvent.DISCONNECTED, tunnel, tenant, connection, connector));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("bob")
                    .get("/v1/tunnels/" + id)
                    .then()
                    .body("status", equalTo("down"))
                    .body("activeConnections", equalTo(0))
                    .body("connsInactiveAt", notNullValue()));
    as("alice").delete("/v1/tunnels/" + id).then().statusCode(204);
  }

  @Test
  void forceDeletesATunnelWithLiveConnections() throws Exception {
    var tunnel = Api.createTunnel("alice", "local");
    var tenant = TunnelToken.parse(tunnel.get("token")).tenantId();
    publish(event(ConnectorEvent.CONNECTED, tunnel, tenant, UUID.randomUUID(), UUID.randomUUID()));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("bob")
                    .get("/v1/tunnels/" + tunnel.get("id"))
                    .then()
                    .body("activeConnections", equalTo(1)));
    as("alice")
        .queryParam("force", true)
        .delete("/v1/tunnels/" + tunnel.get("id"))
        .then()
        .statusCode(204);
  }

  @Test
  void anEventForAnotherTenantsTunnelIsIgnored() throws Exception {
    var tunnel = Api.createTunnel("alice", "local");
    publish(
        event(
            ConnectorEvent.CONNECTED,
            tunnel,
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID()));
    // A later, valid event is processed, so the forged one was seen and skipped.
    var tenant = TunnelToken.parse(tunnel.get("token")).tenantId();
    publish(event(ConnectorEvent.CONNECTED, tunnel, tenant, UUID.randomUUID(), UUID.randomUUID()));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                as("bob")
                    .get("/v1/tunnels/" + tunnel.get("id"))
                    .then()
                    .body("activeConnections", equalTo(1)));
  }
}
