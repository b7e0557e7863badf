package dev.outpost.api.audit;

import static dev.outpost.api.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.outpost.api.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditApiTest {

  @Test
  void everyChangeIsRecordedWithWhoWhatWhenAndWhere() {
    var tunnel = Api.createTunnel("alice", "local");
    var id = tunnel.get("id");
    as("alice")
        .body(Map.of("name", tunnel.get("name") + "-x"))
        .patch("/v1/tunnels/" + id)
        .then()
        .statusCode(200);
    as("alice").get("/v1/tunnels/" + id + "/token").then().statusCode(200);

    as("bob")
        .queryParam("resourceId", id)
        .get("/v1/audit")
        .then()
        .statusCode(200)
        .body("items.action", contains("tunnel.token-read", "tunnel.renamed", "tunnel.created"))
        .body("items.actorId", everyItem(equalTo("alice")))
        .body("items.actorType", everyItem(equalTo("user")))
        .body("items.sourceAddress", everyItem(notNullValue()))
        .body("items[1].details.to", equalTo(tunnel.get("name") + "-x"));

    as("bob")
        .queryParam("resourceId", id)
        .queryParam("action", "tunnel.renamed")
        .get("/v1/audit")
        .then()
        .body("items", hasSize(1));
    var first =
        as("bob")
            .queryParam("resourceId", id)
            .queryParam("limit", 2)
            .get("/v1/audit")
            .then()
            .body("items", hasSize(2))
            .extract();
    as("bob")
        .queryParam("resourceId", id)
        .queryParam("limit", 2)
        .queryParam("cursor", (String) first.path("nextCursor"))
        .get("/v1/audit")
        .then()
        .body("items.action", contains("tunnel.created"));
    as("bob")
        .queryParam("since", "yesterday")
        .get("/v1/audit")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("since"));
  }
}
