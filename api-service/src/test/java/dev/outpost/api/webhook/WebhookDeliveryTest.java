package dev.outpost.api.webhook;

import static dev.outpost.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.support.Api;
import dev.outpost.api.support.Router;
import dev.outpost.api.support.WebhookReceiver;
import dev.outpost.protocol.TunnelToken;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end in the api-service: events from the real Kafka, deliveries in the real
 * PostgreSQL, a receiver on loopback that checks signatures with its own code. Schedules are
 * shortened by the test profile (retries from 200 ms to 1 s, disabled after 10 s of failures).
 */
@QuarkusTest
class WebhookDeliveryTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration ARRIVAL = Duration.ofSeconds(30);

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Subscribes {@code receiver} for alice (acme) and trusts the secret; returns the id. */
  static String subscribe(WebhookReceiver receiver, List<String> types, String tunnelId) {
    var body = new java.util.HashMap<String, Object>();
    body.put("url", receiver.url("/hooks/outpost"));
    body.put("eventTypes", types);
    if (tunnelId != null) {
      body.put("tunnelId", tunnelId);
    }
    var created = as("alice").body(body).post("/v1/webhooks").then().statusCode(201).extract();
    String secret = created.path("secret");
    receiver.trust(secret);
    return created.path("webhook.id");
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void unsubscribe() {
    Api.deleteAllWebhooks();
  }

  @Test
  void aTunnelEventArrivesAsASignedCloudEventThatTheReceiverVerifies() {
    try (var receiver = new WebhookReceiver()) {
      subscribe(receiver, List.of("tunnel.created", "tunnel.deleted"), null);
      var tunnel = Api.createTunnel("alice", "local");
      var id = tunnel.get("id");

      var request = receiver.await(r -> r.body().contains(id), 1, ARRIVAL).get(0);
      assertThat(request.verified()).as("signature checked by the receiver's own code").isTrue();
      assertThat(request.contentType()).startsWith("application/cloudevents+json");
      var event = json(request.body());
      assertThat(event.path("specversion").asText()).isEqualTo("1.0");
      assertThat(event.path("type").asText()).isEqualTo("tunnel.created");
      assertThat(event.path("id").asText()).isEqualTo(request.id());
      assertThat(event.path("subject").asText()).isEqualTo(id);
      assertThat(event.path("source").asText()).isEqualTo("/outpost/api-service");
      assertThat(event.path("data").path("tunnelId").asText()).isEqualTo(id);
      assertThat(event.path("data").path("name").asText()).isEqualTo(tunnel.get("name"));
      assertThat(Long.parseLong(request.timestamp()))
          .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));

      // A body changed on the way, or another secret, does not verify.
      var tampered =
          request.body().replace(tunnel.get("name"), "evil").getBytes(StandardCharsets.UTF_8);
      assertThat(
              WebhookReceiver.verify(
                  receiver.secret(),
                  request.id(),
                  request.timestamp(),
                  tampered,
                  request.signature(),
                  Instant.now()))
          .isFalse();
      assertThat(
              WebhookReceiver.verify(
                  WebhookSignature.newSecret(),
                  request.id(),
                  request.timestamp(),
                  request.body().getBytes(StandardCharsets.UTF_8),
                  request.signature(),
                  Instant.now()))
          .isFalse();
      assertThat(
              WebhookReceiver.verify(
                  receiver.secret(),
                  request.id(),
                  request.timestamp(),
                  request.body().getBytes(StandardCharsets.UTF_8),
                  request.signature(),
                  Instant.now().plus(Duration.ofMinutes(10))))
          .as("an old delivery replayed later")
          .isFalse();
    }
  }

  @Test
  void healthChangesAndConnectorEventsOfOneTunnelArriveInOrder() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    try (var receiver = new WebhookReceiver();
        var router = new Router("router-webhooks")) {
      subscribe(
          receiver,
          List.of("tunnel.health_changed", "connector.connected", "connector.disconnected"),
          id);
      var other = Api.createTunnel("alice", "local");
      var connector =
          router.connector(id, TunnelToken.parse(tunnel.get("token")).tenantId(), 1).connect(0);
      router
          .connector(other.get("id"), TunnelToken.parse(other.get("token")).tenantId())
          .connect(0);
      connector.disconnect(0);

      var arrived = receiver.await(r -> true, 4, ARRIVAL);
      var types = arrived.stream().map(r -> json(r.body()).path("type").asText()).toList();
      assertThat(types)
          .containsExactly(
              "connector.connected",
              "tunnel.health_changed",
              "connector.disconnected",
              "tunnel.health_changed");
      var health =
          arrived.stream()
              .map(r -> json(r.body()))
              .filter(e -> e.path("type").asText().equals("tunnel.health_changed"))
              .map(
                  e ->
                      e.path("data").path("from").asText()
                          + ">"
                          + e.path("data").path("to").asText())
              .toList();
      assertThat(health).containsExactly("inactive>healthy", "healthy>down");
      assertThat(arrived).allMatch(WebhookReceiver.Received::verified);
      // The tunnel filter kept the other tunnel's events out.
      assertThat(receiver.containing(other.get("id"))).isEmpty();
    }
  }

  @Test
  void theReceiverAwayForAWhileLosesNothingAndGetsEverythingInOrder() {
    try (var receiver = new WebhookReceiver()) {
      var webhook = subscribe(receiver, List.of("tunnel.created", "tunnel.deleted"), null);
      receiver.answer(503, "down for maintenance");
      var tunnels = new ArrayList<String>();
      for (int i = 0; i < 3; i++) {
        tunnels.add(Api.createTunnel("alice", "local").get("id"));
      }
      // The receiver answers 503, then is gone altogether (connections refused).
      await().atMost(ARRIVAL).until(() -> receiver.received().size() >= 3);
      receiver.goAway();
      for (var id : tunnels) {
        as("alice").delete("/v1/tunnels/" + id).then().statusCode(204);
      }
      await()
          .atMost(ARRIVAL)
          .untilAsserted(() -> assertThat(outcomes(webhook)).contains("connection-failed"));
      as("alice")
          .get("/v1/webhooks/" + webhook)
          .then()
          .body("status", equalTo("failing"))
          .body("failingSince", notNullValue());

      receiver.answer(200, "ok");
      receiver.comeBack();
      for (var id : tunnels) {
        var mine =
            receiver.await(
                r -> r.body().contains(id) && r.verified() && r.answered() == 200, 2, ARRIVAL);
        assertThat(mine.stream().map(r -> json(r.body()).path("type").asText()))
            .as("created before deleted for tunnel " + id)
            .containsExactly("tunnel.created", "tunnel.deleted");
      }
      // The log has every attempt: the failures, then the success. The receiver sees a request
      // before the sender has recorded its answer, so the last deliveries may still read pending.
      var log =
          await()
              .atMost(ARRIVAL)
              .until(
                  () ->
                      as("alice")
                          .get("/v1/webhooks/" + webhook + "/deliveries")
                          .then()
                          .statusCode(200)
                          .extract(),
                  answer -> {
                    List<String> states = answer.path("items.state");
                    return states.size() == 6 && states.stream().allMatch("delivered"::equals);
                  });
      List<String> states = log.path("items.state");
      assertThat(states).hasSize(6).containsOnly("delivered");
      List<Map<String, Object>> first = log.path("items[-1].attempts");
      assertThat(first.get(0))
          .containsEntry("outcome", "http-error")
          .containsEntry("statusCode", 503);
      assertThat((String) first.get(0).get("responseExcerpt")).isEqualTo("down for maintenance");
      assertThat(first.get(0).get("latencyMs")).isNotNull();
      assertThat(first.get(first.size() - 1))
          .containsEntry("outcome", "success")
          .containsEntry("statusCode", 200);
      as("alice").get("/v1/webhooks/" + webhook).then().body("status", equalTo("active"));
    }
  }

  static List<String> outcomes(String webhook) {
    List<String> outcomes =
        as("alice")
            .get("/v1/webhooks/" + webhook + "/deliveries")
            .then()
            .extract()
            .path("items.attempts.flatten().outcome");
    return outcomes;
  }

  @Test
  void theLogRedeliveryAndATestEvent() {
    try (var receiver = new WebhookReceiver()) {
      var webhook = subscribe(receiver, List.of("tunnel.deleted"), null);
      var queued =
          as("alice").post("/v1/webhooks/" + webhook + "/test").then().statusCode(202).extract();
      String deliveryId = queued.path("id");
      var test = receiver.await(r -> r.body().contains("webhook.test"), 1, ARRIVAL).get(0);
      assertThat(test.verified()).isTrue();
      assertThat(json(test.body()).path("data").path("subscriptionId").asText()).isEqualTo(webhook);

      await()
          .atMost(ARRIVAL)
          .untilAsserted(
              () ->
                  as("alice")
                      .get("/v1/webhooks/" + webhook + "/deliveries/" + deliveryId)
                      .then()
                      .statusCode(200)
                      .body("state", equalTo("delivered"))
                      .body("attempts[0].outcome", equalTo("success"))
                      .body("attempts[0].statusCode", equalTo(204))
                      .body("payload.type", equalTo("webhook.test")));

      var again =
          as("alice")
              .post("/v1/webhooks/" + webhook + "/deliveries/" + deliveryId + "/redeliver")
              .then()
              .statusCode(202)
              .body("redeliveryOf", equalTo(deliveryId))
              .extract();
      var both = receiver.await(r -> r.body().contains("webhook.test"), 2, ARRIVAL);
      assertThat(both.get(1).id()).as("the same webhook-id").isEqualTo(both.get(0).id());
      assertThat(both.get(1).verified()).isTrue();
      assertThat((String) again.path("id")).isNotEqualTo(deliveryId);

      as("alice")
          .queryParam("resourceId", webhook)
          .get("/v1/audit")
          .then()
          .body("items.action", hasItem("webhook.created"))
          .body("items.action", hasItem("webhook.test-sent"))
          .body("items.action", hasItem("webhook.redelivery-requested"));
      // Unknown deliveries are 404s.
      as("alice")
          .post("/v1/webhooks/" + webhook + "/deliveries/" + UUID.randomUUID() + "/redeliver")
          .then()
          .statusCode(404);
    }
  }

  @Test
  void aRotatedSecretAndTheOldOneBothSignDuringTheGracePeriod() {
    try (var receiver = new WebhookReceiver()) {
      var webhook = subscribe(receiver, List.of("tunnel.deleted"), null);
      var old = receiver.secret();
      String rotated =
          as("alice")
              .body(Map.of("gracePeriod", "PT1H"))
              .post("/v1/webhooks/" + webhook + "/secret")
              .then()
              .statusCode(200)
              .body("webhook.previousSecretExpiresAt", notNullValue())
              .extract()
              .path("secret");
      assertThat(rotated).startsWith("whsec_").isNotEqualTo(old);
      as("alice").post("/v1/webhooks/" + webhook + "/test").then().statusCode(202);
      var during = receiver.await(r -> true, 1, ARRIVAL).get(0);
      assertThat(during.signature().split(" ")).hasSize(2);
      assertThat(verifies(old, during)).as("old secret, within the grace period").isTrue();
      assertThat(verifies(rotated, during)).as("new secret").isTrue();

      // Rotated again without grace: only the newest secret signs.
      String newest =
          as("alice")
              .body(Map.of("gracePeriod", "PT0S"))
              .post("/v1/webhooks/" + webhook + "/secret")
              .then()
              .statusCode(200)
              .extract()
              .path("secret");
      as("alice").post("/v1/webhooks/" + webhook + "/test").then().statusCode(202);
      var after = receiver.await(r -> true, 2, ARRIVAL).get(1);
      assertThat(verifies(newest, after)).isTrue();
      assertThat(verifies(rotated, after)).isFalse();
      assertThat(verifies(old, after)).isFalse();
    }
  }

  static boolean verifies(String secret, WebhookReceiver.Received r) {
    return WebhookReceiver.verify(
        secret,
        r.id(),
        r.timestamp(),
        r.body().getBytes(StandardCharsets.UTF_8),
        r.signature(),
        Instant.now());
  }

  @Test
  void aSubscriptionFailingLongerThanTheConfiguredPeriodIsDisabledAndTheTenantIsTold() {
    try (var broken = new WebhookReceiver();
        var watcher = new WebhookReceiver()) {
      broken.answer(500, "boom");
      var failing = subscribe(broken, List.of("tunnel.deleted"), null);
      subscribe(watcher, List.of("webhook.disabled"), null);
      as("alice").post("/v1/webhooks/" + failing + "/test").then().statusCode(202);

      var notice = watcher.await(r -> r.body().contains(failing), 1, Duration.ofSeconds(40)).get(0);
      var event = json(notice.body());
      assertThat(event.path("type").asText()).isEqualTo("webhook.disabled");
      assertThat(event.path("data").path("subscriptionId").asText()).isEqualTo(failing);
      assertThat(notice.verified()).isTrue();
      as("alice")
          .get("/v1/webhooks/" + failing)
          .then()
          .body("enabled", equalTo(false))
          .body("status", equalTo("disabled"))
          .body("disabledReason", org.hamcrest.Matchers.containsString("500"));
      as("alice")
          .queryParam("resourceId", failing)
          .queryParam("action", "webhook.disabled")
          .get("/v1/audit")
          .then()
          .body("items[0].actorType", equalTo("system"));
      int attemptsWhenDisabled = broken.received().size();

      // Disabled: no more attempts. Enabled again with the receiver fixed: the held delivery goes.
      pause(Duration.ofMillis(1500)); // longer than the longest retry delay (1 s)
      assertThat(broken.received()).hasSize(attemptsWhenDisabled);
      broken.answer(204, "");
      as("alice")
          .body(Map.of("enabled", true))
          .patch("/v1/webhooks/" + failing)
          .then()
          .statusCode(200)
          .body("status", equalTo("active"))
          .body("disabledReason", org.hamcrest.Matchers.nullValue());
      broken.await(
          r -> r.body().contains("webhook.test") && r.verified(),
          attemptsWhenDisabled + 1,
          ARRIVAL);
    }
  }
}
