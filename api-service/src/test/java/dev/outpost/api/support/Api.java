package dev.outpost.api.support;

import static io.restassured.RestAssured.given;

import dev.outpost.testing.Infrastructure;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Requests as the realm's example users or with an API token. */
public final class Api {

  private Api() {}

  /** A request as {@code user} (alice, bob: tenant acme; carol, dave: globex; operator). */
  public static RequestSpecification as(String user) {
    return withBearer(Infrastructure.accessToken(user));
  }

  public static RequestSpecification withBearer(String token) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
  }

  /** Creates a tunnel as {@code user} and returns its id and token. */
  public static Map<String, String> createTunnel(String user, String configSource) {
    var name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    var response =
        as(user)
            .body(Map.of("name", name, "configSource", configSource))
            .post("/v1/tunnels")
            .then()
            .statusCode(201)
            .extract();
    return Map.of(
        "id", response.path("tunnel.id"),
        "name", name,
        "token", response.path("token"));
  }

  /**
   * Deletes every webhook subscription of acme and globex, so none outlives its test and no later
   * receiver on a reused port hears from it.
   */
  public static void deleteAllWebhooks() {
    for (var user : java.util.List.of("alice", "carol")) {
      java.util.List<String> ids =
          as(user).queryParam("limit", 200).get("/v1/webhooks").then().extract().path("items.id");
      for (var id : ids) {
        as(user).delete("/v1/webhooks/" + id).then().statusCode(204);
      }
    }
  }
}
