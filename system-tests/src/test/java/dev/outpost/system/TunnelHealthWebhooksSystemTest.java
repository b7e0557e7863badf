package dev.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.support.WebhookReceiver;
import dev.outpost.system.Platform.Service;
import dev.outpost.testing.Infrastructure;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tunnel health and webhooks end to end, nothing faked: the api-service and the router as built,
 * real connectors (the connector's jar, as a tenant runs it), a receiver on loopback that checks
 * signatures with its own code. The api-service allows private destinations (the receiver is on
 * loopback) and runs shortened schedules; the router beats every second.
 */
class TunnelHealthWebhooksSystemTest {

  static final ObjectMapper JSON = JsonApi.JSON;
  static final Duration ARRIVAL = Duration.ofSeconds(30);
  static final Duration ROUTER_EXPIRY = Duration.ofSeconds(4);

  static Platform platform;
  // Keycloak's access tokens live five minutes, longer than this class runs: an API token does not.
  static String apiToken;
  final List<ConnectorProcess> connectors = new ArrayList<>();
  final List<String> webhooks = new ArrayList<>();

  @BeforeAll
  static void startThePlatform() throws Exception {
    var api = new LinkedHashMap<String, String>();
    api.put("outpost.webhooks.allow-private-destinations", "true");
    api.put("outpost.webhooks.poll-interval", "200ms");
    api.put("outpost.webhooks.retry-initial", "200ms");
    api.put("outpost.webhooks.retry-max", "1s");
    api.put("outpost.webhooks.timeout", "2s");
    api.put("outpost.webhooks.lease", "3s");
    api.put("outpost.health.router-expiry", ROUTER_EXPIRY.toMillis() + "ms");
    // A consumer killed mid-way is replaced quickly after a restart (the broker's minimum).
    api.put("kafka.session.timeout.ms", "6000");
    api.put("kafka.heartbeat.interval.ms", "1000");
    platform =
        Platform.with(Service.API, Service.ROUTER)
            .configure(Service.API, api)
            .configure(Service.ROUTER, Map.of("outpost.router.heartbeat.interval", "1s"))
            .start();
    apiToken =
        call(
                Infrastructure.accessToken("alice"),
                "POST",
                "/v1/api-tokens",
                Map.of(
                    "name",
                    "system-tests",
                    "scopes",
                    List.of("tunnels:read", "tunnels:write", "webhooks:read", "webhooks:write")))
            .path("secret")
            .asText();
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    connectors.forEach(ConnectorProcess::close);
    for (var id : webhooks) {
      api("DELETE", "/v1/webhooks/" + id, null);
    }
  }

  @Test
  void aConnectorStartingIsHealthyAndKilledIsDownEachWithAWebhook() throws Exception {
    var tunnel = remoteTunnel();
    try (var receiver = new WebhookReceiver()) {
      subscribe(
          receiver,
          tunnel.id(),
          "tunnel.health_changed",
          "connector.connected",
          "connector.disconnected",
          "tunnel.config_applied");
      var connector = connector(tunnel, edge(), 2);

      var healthy = receiver.await(health("inactive", "healthy"), 1, ARRIVAL).get(0);
      assertThat(healthy.verified()).isTrue();
      assertThat(data(healthy).path("activeConnections").asInt()).isEqualTo(2);
      assertThat(data(healthy).path("expectedConnections").asInt()).isEqualTo(2);
      assertThat(api("GET", "/v1/tunnels/" + tunnel.id(), null).path("status").asText())
          .isEqualTo("healthy");
      receiver.await(type("connector.connected"), 2, ARRIVAL);
      receiver.await(type("tunnel.config_applied"), 1, ARRIVAL);
      var connections = api("GET", "/v1/tunnels/" + tunnel.id() + "/connections", null);
      assertThat(connections).hasSize(2);
      for (var c : connections) {
        assertThat(c.path("routerId").asText()).isEqualTo("system-test-router");
        assertThat(c.path("connectorId").asText()).isNotBlank();
        assertThat(c.path("clientVersion").asText()).isNotBlank();
        assertThat(c.path("platform").asText()).isNotBlank();
        assertThat(c.path("originIp").asText()).isEqualTo("127.0.0.1");
        assertThat(c.path("openedAt").asText()).isNotBlank();
        assertThat(c.path("configVersionApplied").asInt()).isEqualTo(1);
      }

      var killed = Instant.now();
      connector.kill();
      var down = receiver.await(health("healthy", "down"), 1, ARRIVAL).get(0);
      System.out.printf(
          "SIGKILL of the connector to the tunnel.health_changed (down) webhook: %d ms%n",
          Duration.between(killed, down.at()).toMillis());
      assertThat(down.verified()).isTrue();
      receiver.await(type("connector.disconnected"), 2, ARRIVAL);
      var tunnelNow = api("GET", "/v1/tunnels/" + tunnel.id(), null);
      assertThat(tunnelNow.path("status").asText()).isEqualTo("down");
      assertThat(tunnelNow.path("connsInactiveAt").asText()).isNotBlank();
      // Per tunnel, in order: the health changes came as they happened.
      var changes =
          receiver.received().stream()
              .filter(type("tunnel.health_changed"))
              .map(r -> data(r).path("from").asText() + ">" + data(r).path("to").asText())
              .toList();
      assertThat(changes).containsExactly("inactive>healthy", "healthy>down");
    }
  }

  @Test
  void aConnectorHoldingFewerConnectionsThanItMeansToIsDegraded() throws Exception {
    var tunnel = remoteTunnel();
    try (var receiver = new WebhookReceiver();
        var limiter =
            new ConnectionLimiter(new InetSocketAddress("127.0.0.1", platform.edgeTunnelPort), 2)) {
      subscribe(receiver, tunnel.id(), "tunnel.health_changed");
      connector(tunnel, limiter.address(), 4);
      var degraded = receiver.await(type("tunnel.health_changed"), 1, ARRIVAL).get(0);
      assertThat(data(degraded).path("to").asText()).isEqualTo("degraded");
      assertThat(data(degraded).path("activeConnections").asInt()).isEqualTo(2);
      assertThat(data(degraded).path("expectedConnections").asInt()).isEqualTo(4);
      assertThat(api("GET", "/v1/tunnels/" + tunnel.id(), null).path("status").asText())
          .isEqualTo("degraded");
    }
  }

  @Test
  void aRouterThatDiesWithoutAGoodbyeLeavesNoLiveConnections() throws Exception {
    var tunnel = remoteTunnel();
    try (var receiver = new WebhookReceiver()) {
      subscribe(receiver, tunnel.id(), "tunnel.health_changed");
      connector(tunnel, edge(), 1);
      receiver.await(health("inactive", "healthy"), 1, ARRIVAL);
      // The live router's heartbeats keep its connections past the expiry.
      Platform.sleep(ROUTER_EXPIRY.plusSeconds(2).toMillis());
      assertThat(api("GET", "/v1/tunnels/" + tunnel.id(), null).path("status").asText())
          .isEqualTo("healthy");

      platform.kill(Service.ROUTER);
      receiver.await(health("healthy", "down"), 1, ARRIVAL);
      assertThat(api("GET", "/v1/tunnels/" + tunnel.id() + "/connections", null)).isEmpty();

      // The router comes back; the connector, retrying all along, connects again.
      platform.start(Service.ROUTER);
      receiver.await(health("down", "healthy"), 1, Duration.ofSeconds(60));
    }
  }

  @Test
  void restartingTheApiServiceInTheMiddleOfDeliveriesLosesAndSkipsNothing() throws Exception {
    // One request at a time, each taking a while: a backlog builds up behind the receiver.
    try (var receiver = new WebhookReceiver(1)) {
      receiver.delay(Duration.ofMillis(150));
      subscribe(receiver, null, "tunnel.created", "tunnel.deleted");
      var ids = new ArrayList<String>();
      for (int i = 0; i < 12; i++) {
        ids.add(create("restart-" + i, "local").id());
      }
      for (var id : ids) {
        api("DELETE", "/v1/tunnels/" + id, null);
      }
      await().atMost(ARRIVAL).until(() -> receiver.received().size() >= 5);
      platform.kill(Service.API);
      int beforeRestart = receiver.received().size();
      platform.start(Service.API);

      var events = 2 * ids.size();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  receiver.received().stream()
                          .filter(r -> r.answered() < 300 && r.verified())
                          .map(WebhookReceiver.Received::id)
                          .distinct()
                          .count()
                      == events);
      System.out.printf(
          "api-service killed after %d of %d webhooks; %d requests in all (at-least-once)%n",
          beforeRestart, events, receiver.received().size());
      // Every tunnel's created came before its deleted, duplicates (at-least-once) included.
      var byTunnel =
          receiver.received().stream()
              .collect(
                  Collectors.groupingBy(
                      r -> json(r.body()).path("subject").asText(),
                      Collectors.mapping(
                          r -> json(r.body()).path("type").asText(), Collectors.toList())));
      for (var id : ids) {
        var types = byTunnel.get(id);
        assertThat(types).as("tunnel " + id).contains("tunnel.created", "tunnel.deleted");
        assertThat(types.lastIndexOf("tunnel.created"))
            .as("tunnel " + id + ": " + types)
            .isLessThan(types.indexOf("tunnel.deleted"));
      }
    }
  }

  // --- helpers

  record Tunnel(String id, String token) {}

  static Tunnel create(String prefix, String configSource) throws Exception {
    var name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    var created = api("POST", "/v1/tunnels", Map.of("name", name, "configSource", configSource));
    return new Tunnel(created.path("tunnel").path("id").asText(), created.path("token").asText());
  }

  /** A remotely managed tunnel whose configuration (version 1) answers every request with 204. */
  static Tunnel remoteTunnel() throws Exception {
    var tunnel = create("health", "remote");
    api(
        "PUT",
        "/v1/tunnels/" + tunnel.id() + "/configuration",
        Map.of("config", Map.of("ingress", List.of(Map.of("service", "http_status:204")))));
    return tunnel;
  }

  static String edge() {
    return "127.0.0.1:" + platform.edgeTunnelPort;
  }

  ConnectorProcess connector(Tunnel tunnel, String edge, int haConnections) throws Exception {
    var connector =
        ConnectorProcess.start(
            tunnel.id().substring(0, 8),
            tunnel.token(),
            edge,
            platform.edgeTls.caPem(),
            haConnections);
    connectors.add(connector);
    return connector;
  }

  void subscribe(WebhookReceiver receiver, String tunnelId, String... types) throws Exception {
    var body = new LinkedHashMap<String, Object>();
    body.put("url", receiver.url("/outpost"));
    body.put("eventTypes", List.of(types));
    if (tunnelId != null) {
      body.put("tunnelId", tunnelId);
    }
    var created = api("POST", "/v1/webhooks", body);
    receiver.trust(created.path("secret").asText());
    webhooks.add(created.path("webhook").path("id").asText());
  }

  static Predicate<WebhookReceiver.Received> type(String type) {
    return r -> r.answered() < 300 && json(r.body()).path("type").asText().equals(type);
  }

  static Predicate<WebhookReceiver.Received> health(String from, String to) {
    return type("tunnel.health_changed")
        .and(r -> data(r).path("from").asText().equals(from))
        .and(r -> data(r).path("to").asText().equals(to));
  }

  static JsonNode data(WebhookReceiver.Received r) {
    return json(r.body()).path("data");
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The api-service's API with an API token of acme's. */
  static JsonNode api(String method, String path, Object body) throws Exception {
    return call(apiToken, method, path, body);
  }

  static JsonNode call(String token, String method, String path, Object body) throws Exception {
    var answer = JsonApi.call(platform.apiUrl() + path, token, method, body);
    if (answer.status() >= 400) {
      throw new AssertionError(method + " " + path + ": " + answer.status() + " " + answer.body());
    }
    return answer.body();
  }
}
