package dev.outpost.api.route;

import static dev.outpost.api.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RouteApiTest {

  private static String host(String zone) {
    return "app-" + UUID.randomUUID().toString().substring(0, 8) + "." + zone;
  }

  @Test
  void bindListGetAndUnbind() {
    var tunnel = Api.createTunnel("alice", "remote");
    var hostname = host("acme.example");
    as("alice")
        .body(Map.of("hostname", hostname.toUpperCase(), "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201)
        .body("hostname", equalTo(hostname))
        .body("tunnelId", equalTo(tunnel.get("id")));
    as("bob")
        .queryParam("tunnelId", tunnel.get("id"))
        .get("/v1/routes")
        .then()
        .statusCode(200)
        .body("items.hostname", hasItem(hostname));
    as("bob").get("/v1/routes/" + hostname).then().statusCode(200);
    as("bob").delete("/v1/routes/" + hostname).then().statusCode(403);
    as("alice").delete("/v1/routes/" + hostname).then().statusCode(204);
    as("alice")
        .get("/v1/routes/" + hostname)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void wildcardsInTheZoneAreAccepted() {
    var tunnel = Api.createTunnel("alice", "remote");
    var wildcard = "*." + UUID.randomUUID().toString().substring(0, 8) + ".acme.example";
    as("alice")
        .body(Map.of("hostname", wildcard, "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201)
        .body("hostname", equalTo(wildcard));
  }

  @Test
  void aHostnameOutsideTheTenantsZonesIsRefused() {
    var tunnel = Api.createTunnel("alice", "remote");
    as("alice")
        .body(Map.of("hostname", host("globex.example"), "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("hostname"))
        .body("errors[0].message", containsString("none of your zones (acme.example)"));
    as("alice")
        .body(Map.of("hostname", "evil-acme.example", "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(400);
    as("alice")
        .body(Map.of("hostname", "a.*.acme.example", "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(400)
        .body("errors[0].message", containsString("whole first label"));
  }

  @Test
  void aHostnameBelongsToOneTunnelOnThePlatform() {
    var first = Api.createTunnel("alice", "remote");
    var second = Api.createTunnel("alice", "remote");
    var hostname = host("acme.example");
    as("alice")
        .body(Map.of("hostname", hostname, "tunnelId", first.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201);
    // Binding it again to the same tunnel is harmless; to another one is a conflict.
    as("alice")
        .body(Map.of("hostname", hostname, "tunnelId", first.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201);
    as("alice")
        .body(Map.of("hostname", hostname, "tunnelId", second.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(409)
        .body("detail", containsString("already routed"));
  }

  @Test
  void anotherTenantsTunnelIsNotFound() {
    var globex = Api.createTunnel("carol", "remote");
    as("alice")
        .body(Map.of("hostname", host("acme.example"), "tunnelId", globex.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(404);
  }

  @Test
  void deletingATunnelUnbindsItsHostnames() {
    var tunnel = Api.createTunnel("alice", "remote");
    var hostname = host("acme.example");
    as("alice")
        .body(Map.of("hostname", hostname, "tunnelId", tunnel.get("id")))
        .post("/v1/routes")
        .then()
        .statusCode(201);
    as("alice").delete("/v1/tunnels/" + tunnel.get("id")).then().statusCode(204);
    as("alice")
        .get("/v1/routes")
        .then()
        .statusCode(200)
        .body("items.hostname", not(hasItem(hostname)));
  }
}
