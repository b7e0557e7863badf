package dev.outpost.api.webhook;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.api.support.Api.withBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscriptions API: what it accepts and refuses, who may do what, what it shows. */
@QuarkusTest
class WebhookApiTest {

  static final String URL = "https://hooks.acme.example/outpost";

  static Map<String, Object> request(Object... pairs) {
    var body = new java.util.LinkedHashMap<String, Object>();
    for (int i = 0; i < pairs.length; i += 2) {
      body.put((String) pairs[i], pairs[i + 1]);
    }
    return body;
  }

  @AfterEach
  void unsubscribe() {
    Api.deleteAllWebhooks();
  }

  @Test
  void aSubscriptionShowsItsSecretOnceAndChangesAreAudited() {
    var tunnel = Api.createTunnel("alice", "local");
    var created =
        as("alice")
            .body(
                request(
                    "url",
                    URL,
                    "eventTypes",
                    List.of("tunnel.health_changed", "tunnel.deleted", "tunnel.deleted"),
                    "tunnelId",
                    tunnel.get("id"),
                    "description",
                    "pager"))
            .post("/v1/webhooks")
            .then()
            .statusCode(201)
            .header("Location", org.hamcrest.Matchers.containsString("/v1/webhooks/"))
            .body("secret", startsWith("whsec_"))
            .body("webhook.eventTypes", contains("tunnel.health_changed", "tunnel.deleted"))
            .body("webhook.tunnelId", equalTo(tunnel.get("id")))
            .body("webhook.enabled", equalTo(true))
            .body("webhook.status", equalTo("active"))
            .extract();
    String id = created.path("webhook.id");
    String secret = created.path("secret");

    var shown = as("bob").get("/v1/webhooks/" + id).then().statusCode(200).extract().asString();
    assertThat(shown).doesNotContain(secret).doesNotContain("whsec_");
    as("bob").get("/v1/webhooks").then().statusCode(200).body("items.id", hasItem(id));
    assertThat(as("bob").get("/v1/webhooks").asString()).doesNotContain("whsec_");

    as("alice")
        .body(request("url", URL + "/v2", "enabled", false, "tunnelId", ""))
        .patch("/v1/webhooks/" + id)
        .then()
        .statusCode(200)
        .body("url", equalTo(URL + "/v2"))
        .body("enabled", equalTo(false))
        .body("status", equalTo("disabled"))
        .body("disabledReason", nullValue())
        .body("tunnelId", nullValue())
        .body("description", equalTo("pager"));
    as("alice").post("/v1/webhooks/" + id + "/test").then().statusCode(409);
    as("alice").post("/v1/webhooks/" + id + "/secret").then().statusCode(200);
    as("alice").delete("/v1/webhooks/" + id).then().statusCode(204);
    as("alice").get("/v1/webhooks/" + id).then().statusCode(404);

    var audit =
        as("alice").queryParam("resourceId", id).get("/v1/audit").then().statusCode(200).extract();
    List<String> actions = audit.path("items.action");
    assertThat(actions)
        .contains(
            "webhook.created", "webhook.updated", "webhook.secret-rotated", "webhook.deleted");
    assertThat(audit.asString()).doesNotContain(secret);
  }

  @Test
  void badRequestsAreRefusedWithEveryReason() {
    as("alice")
        .body(
            request(
                "url", "ftp://files.example/x",
                "eventTypes", List.of("tunnel.created", "tunnel.exploded"),
                "description", "x".repeat(201)))
        .post("/v1/webhooks")
        .then()
        .statusCode(400)
        .contentType(startsWith("application/problem+json"))
        .body("errors.field", hasItems("url", "eventTypes[1]", "description"));
    as("alice")
        .body(request("url", "https://user:pw@hooks.example/", "eventTypes", List.of()))
        .post("/v1/webhooks")
        .then()
        .statusCode(400)
        .body("errors.field", hasItems("url", "eventTypes"));
    as("alice")
        .body(request("url", URL, "eventTypes", List.of("webhook.test")))
        .post("/v1/webhooks")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("eventTypes[0]"));
    // Another tenant's tunnel does not exist, as for routes.
    var globex = Api.createTunnel("carol", "local");
    as("alice")
        .body(
            request(
                "url", URL, "eventTypes", List.of("tunnel.deleted"), "tunnelId", globex.get("id")))
        .post("/v1/webhooks")
        .then()
        .statusCode(404)
        .contentType(startsWith("application/problem+json"))
        .body("detail", not(org.hamcrest.Matchers.containsString(globex.get("name"))));
    as("alice")
        .body(request("gracePeriod", "P30D"))
        .post("/v1/webhooks/" + subscribe("alice") + "/secret")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("gracePeriod"));
    as("alice").get("/v1/webhooks/not-a-uuid").then().statusCode(404);
  }

  @Test
  void viewersReadAndApiTokensNeedTheWebhookScopes() {
    var id = subscribe("alice");
    as("bob").get("/v1/webhooks/" + id).then().statusCode(200);
    as("bob")
        .body(request("url", URL, "eventTypes", List.of("tunnel.deleted")))
        .post("/v1/webhooks")
        .then()
        .statusCode(403)
        .body("detail", equalTo("this needs the webhooks:write scope"));
    as("bob").post("/v1/webhooks/" + id + "/test").then().statusCode(403);

    String reader = token(List.of("webhooks:read"));
    withBearer(reader).get("/v1/webhooks/" + id).then().statusCode(200);
    withBearer(reader).get("/v1/webhooks/" + id + "/deliveries").then().statusCode(200);
    withBearer(reader).delete("/v1/webhooks/" + id).then().statusCode(403);
    String tunnelsOnly = token(List.of("tunnels:read"));
    withBearer(tunnelsOnly).get("/v1/webhooks").then().statusCode(403);
    String writer = token(List.of("webhooks:write", "webhooks:read"));
    withBearer(writer)
        .body(request("url", URL, "eventTypes", List.of("connector.connected")))
        .post("/v1/webhooks")
        .then()
        .statusCode(201)
        .body("webhook.createdBy", notNullValue());
  }

  @Test
  void theListIsPaged() {
    for (int i = 0; i < 3; i++) {
      subscribe("carol");
    }
    var first =
        as("dave").queryParam("limit", 2).get("/v1/webhooks").then().statusCode(200).extract();
    List<String> firstIds = first.path("items.id");
    assertThat(firstIds).hasSize(2);
    String cursor = first.path("nextCursor");
    assertThat(cursor).isNotNull();
    List<String> next =
        as("dave")
            .queryParam("limit", 200)
            .queryParam("cursor", cursor)
            .get("/v1/webhooks")
            .then()
            .statusCode(200)
            .extract()
            .path("items.id");
    assertThat(next).isNotEmpty().doesNotContainAnyElementsOf(firstIds);
  }

  static String subscribe(String user) {
    return as(user)
        .body(request("url", URL, "eventTypes", List.of("tunnel.deleted")))
        .post("/v1/webhooks")
        .then()
        .statusCode(201)
        .extract()
        .path("webhook.id");
  }

  static String token(List<String> scopes) {
    return as("alice")
        .body(Map.of("name", "hooks-" + scopes.size(), "scopes", scopes))
        .post("/v1/api-tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("secret");
  }
}
