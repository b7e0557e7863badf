package dev.outpost.api.tunnel.health;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.testing.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.support.Api;
import dev.outpost.api.support.Router;
import dev.outpost.events.Topic;
import dev.outpost.events.TunnelConnectorEvent;
import dev.outpost.events.TunnelHealthChanged;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Health from connector events published on Kafka as a router would, announced on the tunnel events
 * topic (hold shortened to 500 ms, router expiry to 3 s by the test profile).
 */
@QuarkusTest
class TunnelHealthEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode value(ConsumerRecord<String, String> record) {
    try {
      return JSON.readTree(record.value());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> changes(TopicReader events, String tunnelId, int count) {
    return events
        .await(
            r -> tunnelId.equals(r.key()) && TunnelHealthChanged.TYPE.equals(header(r, "ce_type")),
            count,
            Duration.ofSeconds(30))
        .stream()
        .map(r -> value(r).get("from").asText() + ">" + value(r).get("to").asText())
        .toList();
  }

  private static void awaitStatus(String tunnelId, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> as("bob").get("/v1/tunnels/" + tunnelId).then().body("status", equalTo(status)));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static UUID tenantOf(Map<String, String> tunnel) {
    return TunnelToken.parse(tunnel.get("token")).tenantId();
  }

  @Test
  void allConnectionsHealthyFewerDegradedNoneDownEachAnnouncedOnce() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var events = new TopicReader(Topic.TUNNEL_EVENTS);
        var router = new Router("router-h1")) {
      var connector = router.connector(id, tenantOf(tunnel)).connectAll(4);
      connector.connect(0); // a replay changes nothing
      awaitStatus(id, "healthy");
      var healthy =
          events.await(
              r -> id.equals(r.key()) && TunnelHealthChanged.TYPE.equals(header(r, "ce_type")),
              1,
              Duration.ofSeconds(30));
      var first = value(healthy.get(0));
      assertThat(first.get("activeConnections").asInt()).isEqualTo(4);
      assertThat(first.get("connectors").asInt()).isEqualTo(1);
      assertThat(first.get("expectedConnections").asInt()).isEqualTo(4);
      assertThat(first.get("tenantId").asText()).isEqualTo(tenantOf(tunnel).toString());

      connector.disconnect(3);
      awaitStatus(id, "degraded");
      // A connection that drops and comes back within the hold is never announced: the next
      // change after degraded goes straight from degraded to healthy, then to down.
      connector.renew(3);
      awaitStatus(id, "healthy");
      connector.reconnect(1);
      for (int i = 0; i < 4; i++) {
        connector.disconnect(i);
      }
      awaitStatus(id, "down");
      assertThat(changes(events, id, 4))
          .containsExactly(
              "inactive>healthy", "healthy>degraded", "degraded>healthy", "healthy>down");

      var connectorEvents =
          events.await(
              r -> id.equals(r.key()) && header(r, "ce_type").contains("connector-"),
              12,
              Duration.ofSeconds(30));
      assertThat(connectorEvents)
          .filteredOn(r -> TunnelConnectorEvent.CONNECTED.equals(header(r, "ce_type")))
          .hasSize(6);
      as("bob")
          .get("/v1/tunnels/" + id)
          .then()
          .body("activeConnections", equalTo(0))
          .body("connsInactiveAt", org.hamcrest.Matchers.notNullValue());
    }
  }

  @Test
  void aConnectorThatSaysItHoldsTwoIsHealthyWithTwo() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var router = new Router("router-h2")) {
      router.connector(id, tenantOf(tunnel), 2).connectAll(2);
      awaitStatus(id, "healthy");
      // A second connector with one of its four does not make a healthy tunnel degraded.
      router.connector(id, tenantOf(tunnel)).connect(0);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  as("bob")
                      .get("/v1/tunnels/" + id)
                      .then()
                      .body("activeConnections", equalTo(3))
                      .body("status", equalTo("healthy")));
    }
  }

  @Test
  void connectionsListTheAppliedConfigurationAndConfigAppliedIsAnnouncedOncePerConnector() {
    var tunnel = Api.createTunnel("alice", "remote");
    var id = tunnel.get("id");
    try (var events = new TopicReader(Topic.TUNNEL_EVENTS);
        var router = new Router("router-h3")) {
      var connector = router.connector(id, tenantOf(tunnel)).connectAll(4);
      for (int i = 0; i < 4; i++) {
        connector.applied(i, 3);
      }
      connector.applied(0, 3); // a replay
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  as("bob")
                      .get("/v1/tunnels/" + id + "/connections")
                      .then()
                      .statusCode(200)
                      .body("$", hasSize(4))
                      .body("configVersionApplied", org.hamcrest.Matchers.everyItem(equalTo(3)))
                      .body("routerId", org.hamcrest.Matchers.everyItem(equalTo("router-h3")))
                      .body("[0].connectorId", equalTo(connector.id().toString()))
                      .body("[0].clientVersion", equalTo("0.1.0"))
                      .body("[0].platform", equalTo("linux_amd64"))
                      .body("[0].originIp", equalTo("192.0.2.7")));
      var applied =
          events.collect(id, Duration.ofSeconds(2)).stream()
              .filter(r -> TunnelConnectorEvent.CONFIG_APPLIED.equals(header(r, "ce_type")))
              .toList();
      assertThat(applied).hasSize(1);
      assertThat(value(applied.get(0)).get("configVersion").asInt()).isEqualTo(3);
    }
  }

  @Test
  void theConnectionsOfARouterThatStopsSendingHeartbeatsExpire() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var router = new Router("router-silent-" + UUID.randomUUID())) {
      router.heartbeat(OffsetDateTime.now().minusMinutes(1));
      router.connector(id, tenantOf(tunnel)).connectAll(4);
      awaitStatus(id, "healthy");
      // No more heartbeats: after the expiry (3 s here) the connections are closed.
      awaitStatus(id, "down");
      as("bob").get("/v1/tunnels/" + id + "/connections").then().body("$", hasSize(0));
    }
  }

  @Test
  void aRestartedRoutersEarlierConnectionsAreClosedAndAConnectionReportedAgainReopens() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var router = new Router("router-restarted-" + UUID.randomUUID())) {
      var before = OffsetDateTime.now().minusSeconds(30);
      router.heartbeat(before.minusMinutes(1));
      var old = router.connector(id, tenantOf(tunnel));
      for (int i = 0; i < 4; i++) {
        old.connectAt(i, before);
      }
      awaitStatus(id, "healthy");
      router.heartbeat(OffsetDateTime.now()); // a new incarnation
      awaitStatus(id, "down");
      // Heartbeats go on; connections of the new incarnation stay.
      router.heartbeat(OffsetDateTime.now());
      router.connector(id, tenantOf(tunnel)).connectAll(4);
      router.heartbeat(OffsetDateTime.now());
      awaitStatus(id, "healthy");
    }
  }

  @Test
  void aRouterReportingAgainClosesWhatItNoLongerHoldsAndReopensWhatExpired() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var router = new Router("router-resync-" + UUID.randomUUID())) {
      router.beat(OffsetDateTime.now().minusMinutes(1), Duration.ofMillis(300));
      var connector = router.connector(id, tenantOf(tunnel)).connectAll(4);
      awaitStatus(id, "healthy");

      // Kafka was away for the router: it starts a new run of reports and re-announces what it
      // holds; connection 3, whose disconnect was lost, is not among them.
      var since = OffsetDateTime.now();
      router.beat(since, Duration.ofMillis(300));
      for (int i = 0; i < 3; i++) {
        connector.connectAt(i, since.plusNanos(1000));
      }
      awaitStatus(id, "degraded");
      as("bob").get("/v1/tunnels/" + id + "/connections").then().body("$", hasSize(3));

      // The router falls silent: its connections expire.
      router.stopBeating();
      awaitStatus(id, "down");

      // It comes back and reports all four: the expired connections reopen, under their ids. Its
      // reports are read before its heartbeat (another partition): they are signs of life too, so
      // the sweeps in between (every 600 ms here) do not expire the reopened connections again.
      var again = OffsetDateTime.now();
      for (int i = 0; i < 4; i++) {
        connector.connectAt(i, again.plusNanos(1000));
      }
      awaitStatus(id, "healthy");
      pause(Duration.ofMillis(1500));
      router.beat(again, Duration.ofMillis(300));
      pause(Duration.ofMillis(1000));
      as("bob").get("/v1/tunnels/" + id).then().body("status", equalTo("healthy"));
      as("bob").get("/v1/tunnels/" + id + "/connections").then().body("$", hasSize(4));
    }
  }
}
