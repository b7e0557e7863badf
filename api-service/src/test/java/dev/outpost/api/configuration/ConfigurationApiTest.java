package dev.outpost.api.configuration;

import static dev.outpost.api.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConfigurationApiTest {

  private static Map<String, Object> config(String service) {
    return Map.of(
        "config",
        Map.of(
            "originRequest", Map.of("connectTimeout", "10s"),
            "ingress",
                List.of(
                    Map.of("hostname", "App.Acme.Example", "service", service),
                    Map.of("service", "http_status:404"))));
  }

  @Test
  void everyAcceptedChangeGetsTheNextVersionAndHistoryIsKept() {
    var id = Api.createTunnel("alice", "remote").get("id");
    as("alice")
        .get("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(200)
        .body("version", equalTo(0))
        .body("config", nullValue());

    as("alice")
        .body(config("http://localhost:3000"))
        .put("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(200)
        .body("version", equalTo(1))
        .body("config.ingress[0].hostname", equalTo("app.acme.example"))
        .body("config.ingress[1].service", equalTo("http_status:404"))
        .body("createdBy", equalTo("user:alice"));
    // The same document again is not a change.
    as("alice")
        .body(config("http://localhost:3000"))
        .put("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(200)
        .body("version", equalTo(1));
    as("alice")
        .body(config("http://localhost:3001"))
        .put("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(200)
        .body("version", equalTo(2));

    as("bob")
        .get("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("config.ingress[0].service", equalTo("http://localhost:3001"));
    as("bob")
        .get("/v1/tunnels/" + id + "/configuration/versions")
        .then()
        .statusCode(200)
        .body("items.version", contains(2, 1));
    as("bob")
        .get("/v1/tunnels/" + id + "/configuration/versions/1")
        .then()
        .statusCode(200)
        .body("config.ingress[0].service", equalTo("http://localhost:3000"));
    as("bob").get("/v1/tunnels/" + id + "/configuration/versions/7").then().statusCode(404);
    as("alice").get("/v1/tunnels/" + id).then().body("configVersion", equalTo(2));
  }

  @Test
  void eachBadFieldIsNamedWithTheConnectorsOwnValidation() {
    var id = Api.createTunnel("alice", "remote").get("id");
    var bad =
        Map.of(
            "config",
            Map.of(
                "ingress",
                List.of(
                    Map.of("hostname", "a.*.acme.example", "service", "http://localhost:80"),
                    Map.of("hostname", "b.acme.example", "service", "ftp://files"),
                    Map.of(
                        "hostname", "c.acme.example",
                        "service", "http://localhost:81",
                        "originRequest", Map.of("connectTimeout", "ten seconds")))));
    as("alice")
        .body(bad)
        .put("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("config.ingress[0].hostname"))
        .body("errors.field", hasItem("config.ingress[1].service"))
        .body("errors.field", hasItem("config.ingress[2].originRequest.connectTimeout"))
        .body("errors.field", hasItem(containsString("config.ingress")));
    // Nothing was stored.
    as("alice").get("/v1/tunnels/" + id + "/configuration").then().body("version", equalTo(0));
    as("alice")
        .body(Map.of())
        .put("/v1/tunnels/" + id + "/configuration")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("config"));
  }

  @Test
  void onlyRemoteManagedTunnelsAndWritersMayChangeIt() {
    var local = Api.createTunnel("alice", "local").get("id");
    as("alice")
        .body(config("http://localhost:3000"))
        .put("/v1/tunnels/" + local + "/configuration")
        .then()
        .statusCode(409)
        .body("detail", containsString("managed locally"));
    var remote = Api.createTunnel("alice", "remote").get("id");
    as("bob")
        .body(config("http://localhost:3000"))
        .put("/v1/tunnels/" + remote + "/configuration")
        .then()
        .statusCode(403);
  }
}
