package dev.outpost.api.isolation;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.api.support.Api.withBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant isolation matrix: a caller of globex (a user, then an API token with every scope)
 * tries every endpoint on acme's resources, gets 404 with a problem body each time, and acme's data
 * is unchanged afterwards.
 */
@QuarkusTest
class TenantIsolationTest {

  private Map<String, String> tunnel;
  private String hostname;
  private String apiTokenId;
  private String webhookId;
  private String deliveryId;

  @BeforeEach
  void acmeHasATunnelARouteAndAToken() {
    tunnel = Api.createTunnel("alice", "remote");
    hostname = "iso-" + UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
    as("alice")
        .body(Map.of("hostname", hostname, "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201);
    apiTokenId =
        as("alice")
            .body(Map.of("name", "acme-ci", "scopes", List.of("tunnels:read")))
            .post("/v1/api-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("apiToken.id");
    webhookId =
        as("alice")
            .body(
                Map.of(
                    "url",
                    "https://hooks.acme.example/iso",
                    "eventTypes",
                    List.of("tunnel.deleted")))
            .post("/v1/webhooks")
            .then()
            .statusCode(201)
            .extract()
            .path("webhook.id");
    deliveryId =
        as("alice")
            .post("/v1/webhooks/" + webhookId + "/test")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
  }

  @AfterEach
  void deleteTheWebhooks() {
    Api.deleteAllWebhooks();
  }

  private record Attempt(String name, Function<RequestSpecification, Response> call) {}

  private List<Attempt> attemptsOnAcme() {
    var id = tunnel.get("id");
    return List.of(
        new Attempt("get tunnel", r -> r.get("/v1/tunnels/" + id)),
        new Attempt(
            "rename tunnel", r -> r.body(Map.of("name", "stolen")).patch("/v1/tunnels/" + id)),
        new Attempt("rotate secret", r -> r.post("/v1/tunnels/" + id + "/secret")),
        new Attempt("read token", r -> r.get("/v1/tunnels/" + id + "/token")),
        new Attempt("list connections", r -> r.get("/v1/tunnels/" + id + "/connections")),
        new Attempt("delete tunnel", r -> r.queryParam("force", true).delete("/v1/tunnels/" + id)),
        new Attempt("get configuration", r -> r.get("/v1/tunnels/" + id + "/configuration")),
        new Attempt(
            "put configuration",
            r ->
                r.body(
                        Map.of(
                            "config",
                            Map.of("ingress", List.of(Map.of("service", "http_status:404")))))
                    .put("/v1/tunnels/" + id + "/configuration")),
        new Attempt(
            "configuration history", r -> r.get("/v1/tunnels/" + id + "/configuration/versions")),
        new Attempt(
            "configuration version", r -> r.get("/v1/tunnels/" + id + "/configuration/versions/1")),
        new Attempt("get route", r -> r.get("/v1/routes/" + hostname)),
        new Attempt("unbind route", r -> r.delete("/v1/routes/" + hostname)),
        new Attempt(
            "bind to acme's tunnel",
            r ->
                r.body(
                        Map.of(
                            "hostname",
                            "x-" + UUID.randomUUID().toString().substring(0, 6) + ".globex.example",
                            "tunnelId",
                            id))
                    .post("/v1/routes")),
        new Attempt("revoke acme's API token", r -> r.delete("/v1/api-tokens/" + apiTokenId)),
        new Attempt("get webhook", r -> r.get("/v1/webhooks/" + webhookId)),
        new Attempt(
            "change webhook",
            r -> r.body(Map.of("url", "https://evil.example/")).patch("/v1/webhooks/" + webhookId)),
        new Attempt("delete webhook", r -> r.delete("/v1/webhooks/" + webhookId)),
        new Attempt("rotate webhook secret", r -> r.post("/v1/webhooks/" + webhookId + "/secret")),
        new Attempt("delivery log", r -> r.get("/v1/webhooks/" + webhookId + "/deliveries")),
        new Attempt(
            "one delivery", r -> r.get("/v1/webhooks/" + webhookId + "/deliveries/" + deliveryId)),
        new Attempt(
            "redeliver",
            r -> r.post("/v1/webhooks/" + webhookId + "/deliveries/" + deliveryId + "/redeliver")),
        new Attempt("send a test event", r -> r.post("/v1/webhooks/" + webhookId + "/test")),
        new Attempt(
            "subscribe to acme's tunnel",
            r ->
                r.body(
                        Map.of(
                            "url",
                            "https://hooks.globex.example/",
                            "eventTypes",
                            List.of("tunnel.deleted"),
                            "tunnelId",
                            id))
                    .post("/v1/webhooks")),
        new Attempt("get tenant acme", r -> r.get("/v1/tenants/acme")));
  }

  @Test
  void aGlobexUserReachesNothingOfAcme() {
    probe(() -> as("carol"), List.of(404));
  }

  @Test
  void aGlobexApiTokenWithEveryScopeReachesNothingOfAcme() {
    String secret =
        as("carol")
            .body(
                Map.of(
                    "name",
                    "globex-all",
                    "scopes",
                    List.of(
                        "tunnels:read",
                        "tunnels:write",
                        "routes:read",
                        "routes:write",
                        "webhooks:read",
                        "webhooks:write",
                        "audit:read")))
            .post("/v1/api-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("secret");
    // A token may also be refused for lack of rights (403) before existence is looked at.
    probe(() -> withBearer(secret), List.of(403, 404));
  }

  private void probe(Supplier<RequestSpecification> globex, List<Integer> refusals) {
    var tokenBefore =
        as("alice")
            .get("/v1/tunnels/" + tunnel.get("id") + "/token")
            .then()
            .extract()
            .path("token");
    for (var attempt : attemptsOnAcme()) {
      var response = attempt.call().apply(globex.get());
      assertThat(response.statusCode()).as(attempt.name()).isIn(refusals);
      assertThat(response.contentType()).as(attempt.name()).startsWith("application/problem+json");
      assertThat(response.asString()).as(attempt.name()).doesNotContain(tunnel.get("name"));
    }
    // Lists show nothing of acme.
    globex
        .get()
        .get("/v1/tunnels")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(tunnel.get("id"))));
    globex
        .get()
        .get("/v1/routes")
        .then()
        .statusCode(200)
        .body("items.hostname", not(hasItem(hostname)));
    globex
        .get()
        .queryParam("resourceId", tunnel.get("id"))
        .get("/v1/audit")
        .then()
        .statusCode(200)
        .body("items", org.hamcrest.Matchers.hasSize(0));

    // And acme's data is as it was.
    as("alice")
        .get("/v1/tunnels/" + tunnel.get("id"))
        .then()
        .statusCode(200)
        .body("name", equalTo(tunnel.get("name")))
        .body("deletedAt", nullValue());
    as("alice")
        .get("/v1/tunnels/" + tunnel.get("id") + "/token")
        .then()
        .body("token", equalTo(tokenBefore));
    as("alice")
        .get("/v1/routes/" + hostname)
        .then()
        .statusCode(200)
        .body("tunnelId", equalTo(tunnel.get("id")));
    as("alice")
        .get("/v1/api-tokens")
        .then()
        .body("find { it.id == '" + apiTokenId + "' }.state", equalTo("active"));
    as("alice")
        .get("/v1/webhooks/" + webhookId)
        .then()
        .statusCode(200)
        .body("url", equalTo("https://hooks.acme.example/iso"))
        .body("secretRotatedAt", nullValue());
    as("alice")
        .get("/v1/webhooks/" + webhookId + "/deliveries")
        .then()
        .body("items", org.hamcrest.Matchers.hasSize(1));
    globex
        .get()
        .get("/v1/webhooks")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(webhookId)));
  }
}
