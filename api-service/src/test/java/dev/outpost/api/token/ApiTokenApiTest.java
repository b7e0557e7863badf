package dev.outpost.api.token;

import static dev.outpost.api.support.Api.as;
import static dev.outpost.api.support.Api.withBearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokenApiTest {

  private static String create(List<String> scopes) {
    return as("alice")
        .body(Map.of("name", "ci", "scopes", scopes))
        .post("/v1/api-tokens")
        .then()
        .statusCode(201)
        .body("secret", startsWith("otk_"))
        .body("apiToken.state", equalTo("active"))
        .extract()
        .path("secret");
  }

  @Test
  void aTokenActsForItsTenantWithinItsScopes() {
    var readOnly = create(List.of("tunnels:read"));
    withBearer(readOnly).get("/v1/tunnels").then().statusCode(200);
    withBearer(readOnly)
        .body(Map.of("name", "nope"))
        .post("/v1/tunnels")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("tunnels:write"));
    withBearer(readOnly).get("/v1/routes").then().statusCode(403);

    var writer = create(List.of("tunnels:read", "tunnels:write"));
    String id =
        withBearer(writer)
            .body(Map.of("name", "by-token-" + System.nanoTime()))
            .post("/v1/tunnels")
            .then()
            .statusCode(201)
            .extract()
            .path("tunnel.id");
    // The audit log names the token, not a user.
    as("alice")
        .queryParam("resourceId", id)
        .get("/v1/audit")
        .then()
        .statusCode(200)
        .body("items[0].actorType", equalTo("api-token"));
  }

  @Test
  void theSecretIsShownOnceAndTheListShowsLastUse() {
    var secret = create(List.of("tunnels:read"));
    withBearer(secret).get("/v1/tunnels").then().statusCode(200);
    var list =
        as("alice")
            .get("/v1/api-tokens")
            .then()
            .statusCode(200)
            .body("lastUsedAt", hasItem(notNullValue()))
            .extract()
            .asString();
    assertThat(list).doesNotContain(secret).doesNotContain("secretHash");
  }

  @Test
  void viewersListTheTokensButNeitherCreateNorRevokeThemNorDoTokensListTokens() {
    var created =
        as("alice")
            .body(Map.of("name", "seen-by-viewers", "scopes", List.of("tunnels:read")))
            .post("/v1/api-tokens")
            .then()
            .statusCode(201)
            .extract();
    String secret = created.path("secret");
    String id = created.path("apiToken.id");
    var seen = as("bob").get("/v1/api-tokens").then().statusCode(200).extract().asString();
    assertThat(seen).contains(id).doesNotContain(secret).doesNotContain("secretHash");
    as("bob").delete("/v1/api-tokens/" + id).then().statusCode(403);
    as("dave").get("/v1/api-tokens").then().statusCode(200).body("id", not(hasItem(id)));
    withBearer(secret).get("/v1/api-tokens").then().statusCode(403);
  }

  @Test
  void revokedAndExpiredTokensAreRefused() {
    var created =
        as("alice")
            .body(Map.of("name", "to-revoke", "scopes", List.of("tunnels:read")))
            .post("/v1/api-tokens")
            .then()
            .statusCode(201)
            .extract();
    String secret = created.path("secret");
    String id = created.path("apiToken.id");
    withBearer(secret).get("/v1/tunnels").then().statusCode(200);
    as("alice").delete("/v1/api-tokens/" + id).then().statusCode(204);
    as("alice")
        .get("/v1/api-tokens")
        .then()
        .body("find { it.id == '" + id + "' }.state", equalTo("revoked"));
    withBearer(secret)
        .get("/v1/tunnels")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");

    withBearer("otk_never-issued").get("/v1/tunnels").then().statusCode(401);
  }

  @Test
  void anExpiredTokenIsRefused() throws InterruptedException {
    // The expiry is wall-clock time, so the test reads the clock rather than assuming how long
    // creating the token took on a loaded machine.
    OffsetDateTime expiresAt = OffsetDateTime.now().plusSeconds(5);
    String secret =
        as("alice")
            .body(
                Map.of(
                    "name", "short-lived",
                    "scopes", List.of("tunnels:read"),
                    "expiresAt", expiresAt.toString()))
            .post("/v1/api-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("secret");
    OffsetDateTime beforeFirstUse = OffsetDateTime.now();
    int firstAnswer = withBearer(secret).get("/v1/tunnels").then().extract().statusCode();
    if (OffsetDateTime.now().isBefore(expiresAt)) {
      assertThat(firstAnswer).isEqualTo(200);
    }
    long untilExpired = Duration.between(beforeFirstUse, expiresAt).toMillis() + 500;
    Thread.sleep(Math.max(0, untilExpired));
    withBearer(secret).get("/v1/tunnels").then().statusCode(401);
  }

  @Test
  void tokensAreCheckedWhenCreated() {
    as("alice")
        .body(
            Map.of(
                "name",
                "x",
                "scopes",
                List.of("tunnels:read", "root"),
                "expiresAt",
                OffsetDateTime.now().minusDays(1).toString()))
        .post("/v1/api-tokens")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains("scopes[1]", "expiresAt"));
    as("bob")
        .body(Map.of("name", "x", "scopes", List.of("tunnels:read")))
        .post("/v1/api-tokens")
        .then()
        .statusCode(403);
    // An API token cannot mint tokens, whatever its scopes.
    var writer = create(List.of("tunnels:write"));
    withBearer(writer)
        .body(Map.of("name", "x", "scopes", List.of("tunnels:read")))
        .post("/v1/api-tokens")
        .then()
        .statusCode(403);
  }
}
