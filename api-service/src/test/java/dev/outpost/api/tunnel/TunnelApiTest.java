package dev.outpost.api.tunnel;

import static dev.outpost.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.outpost.api.support.Api;
import dev.outpost.protocol.TunnelToken;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TunnelApiTest {

  @Test
  void createAnswersTheIdAndATokenForThatTunnel() {
    var response =
        as("alice")
            .body(
                Map.of(
                    "name",
                    "web-" + UUID.randomUUID().toString().substring(0, 6),
                    "configSource",
                    "remote"))
            .post("/v1/tunnels")
            .then()
            .statusCode(201)
            .header("Location", containsString("/v1/tunnels/"))
            .body("tunnel.status", equalTo("inactive"))
            .body("tunnel.configSource", equalTo("remote"))
            .body("tunnel", not(org.hamcrest.Matchers.hasKey("secretHash")))
            .extract();
    String id = response.path("tunnel.id");
    var token = TunnelToken.parse(response.path("token"));
    assertThat(token.tunnelId()).hasToString(id);
    assertThat(token.secret()).hasSize(32);
  }

  @Test
  void getShowsStatusAndConnectionTimesButNeverTheSecret() {
    var tunnel = Api.createTunnel("alice", "local");
    var body =
        as("bob")
            .get("/v1/tunnels/" + tunnel.get("id"))
            .then()
            .statusCode(200)
            .body("name", equalTo(tunnel.get("name")))
            .body("status", equalTo("inactive"))
            .body("activeConnections", equalTo(0))
            .body("connsActiveAt", nullValue())
            .extract()
            .asString();
    assertThat(body).doesNotContain("secret").doesNotContain(tunnel.get("token"));
    as("bob")
        .get("/v1/tunnels/" + tunnel.get("id") + "/connections")
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
  }

  @Test
  void listFiltersByNamePrefixAndPagesWithACursor() {
    var prefix = "pg-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    for (int i = 0; i < 5; i++) {
      as("alice").body(Map.of("name", prefix + i)).post("/v1/tunnels").then().statusCode(201);
    }
    var seen = new HashSet<String>();
    String cursor = null;
    int pages = 0;
    do {
      var request = as("alice").queryParam("name", prefix).queryParam("limit", 2);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      var page = request.get("/v1/tunnels").then().statusCode(200).extract();
      java.util.List<String> names = page.path("items.name");
      assertThat(names).hasSizeLessThanOrEqualTo(2).allMatch(n -> n.startsWith(prefix));
      seen.addAll(names);
      cursor = page.path("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);

    as("alice")
        .queryParam("status", "inactive")
        .queryParam("name", prefix)
        .get("/v1/tunnels")
        .then()
        .statusCode(200)
        .body("items.status", everyItem(equalTo("inactive")));
    as("alice")
        .queryParam("status", "sleepy")
        .get("/v1/tunnels")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("status"));
    as("alice")
        .queryParam("cursor", "%%%")
        .get("/v1/tunnels")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void renameAndItsConflicts() {
    var a = Api.createTunnel("alice", "local");
    var b = Api.createTunnel("alice", "local");
    var newName = "renamed-" + UUID.randomUUID().toString().substring(0, 6);
    as("alice")
        .body(Map.of("name", newName))
        .patch("/v1/tunnels/" + a.get("id"))
        .then()
        .statusCode(200)
        .body("name", equalTo(newName));
    as("alice")
        .body(Map.of("name", newName))
        .patch("/v1/tunnels/" + b.get("id"))
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    as("alice")
        .body(Map.of("name", "bad name!"))
        .patch("/v1/tunnels/" + b.get("id"))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("name"));
  }

  @Test
  void rotatingTheSecretIssuesANewTokenAndOnlyAdminsFetchItAgain() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    String rotated =
        as("alice")
            .post("/v1/tunnels/" + id + "/secret")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    assertThat(rotated).isNotEqualTo(tunnel.get("token"));
    assertThat(TunnelToken.parse(rotated).secret())
        .isNotEqualTo(TunnelToken.parse(tunnel.get("token")).secret());

    as("alice")
        .get("/v1/tunnels/" + id + "/token")
        .then()
        .statusCode(200)
        .body("token", equalTo(rotated));
    as("bob").get("/v1/tunnels/" + id + "/token").then().statusCode(403);
    as("bob").post("/v1/tunnels/" + id + "/secret").then().statusCode(403);
  }

  @Test
  void deleteHidesTheTunnelFromTheListButKeepsItReadable() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    as("alice").delete("/v1/tunnels/" + id).then().statusCode(204);
    as("alice").get("/v1/tunnels/" + id).then().statusCode(200).body("deletedAt", notNullValue());
    as("alice")
        .queryParam("name", tunnel.get("name"))
        .get("/v1/tunnels")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    as("alice")
        .queryParam("name", tunnel.get("name"))
        .queryParam("deleted", true)
        .get("/v1/tunnels")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));
    as("alice").delete("/v1/tunnels/" + id).then().statusCode(409);
    as("alice").get("/v1/tunnels/" + id + "/token").then().statusCode(409);
    // The name is free again.
    as("alice").body(Map.of("name", tunnel.get("name"))).post("/v1/tunnels").then().statusCode(201);
  }

  @Test
  void validationAndUnknownIdsAnswerProblems() {
    as("alice")
        .body(Map.of("name", "", "configSource", "cloud"))
        .post("/v1/tunnels")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("name"));
    as("alice")
        .body(Map.of("name", "ok-name", "configSource", "cloud"))
        .post("/v1/tunnels")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("configSource"));
    as("alice")
        .get("/v1/tunnels/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", startsWith("tunnel "));
    as("alice").get("/v1/tunnels/not-a-uuid").then().statusCode(404);
    as("bob")
        .body(Map.of("name", "viewer-cannot"))
        .post("/v1/tunnels")
        .then()
        .statusCode(403)
        .body("detail", containsString("tunnels:write"));
  }
}
