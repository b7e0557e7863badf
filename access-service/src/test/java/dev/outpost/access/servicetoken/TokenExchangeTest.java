package dev.outpost.access.servicetoken;

import static dev.outpost.access.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.support.Api;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.Verification;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge's token exchange: service token in, the application's access token out. */
@QuarkusTest
class TokenExchangeTest {

  @Inject AccessConfig config;
  @Inject ServiceTokenRepository repository;

  private Map<String, Object> serviceToken(String user, String duration) {
    return as(user)
        .body(Map.of("name", "ci", "duration", duration))
        .post("/v1/service-tokens")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getMap("");
  }

  private static void policy(
      String user, Object appId, String action, Map<String, String> include) {
    var body = new HashMap<String, Object>();
    body.put("name", action);
    body.put("action", action);
    body.put("include", List.of(include));
    as(user).body(body).post("/v1/applications/" + appId + "/policies").then().statusCode(201);
  }

  private static Response exchange(Object clientId, Object secret, Object application) {
    var form = new HashMap<String, Object>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    form.put("application", application);
    form.put("client_ip", "203.0.113.9");
    return given().formParams(form).post("/token");
  }

  private AccessTokenVerifier verifier() {
    return AccessTokenVerifier.fromJwks(
        config.publicUrl().toString().replaceAll("/+$", ""),
        given().get("/.well-known/jwks.json").asString());
  }

  @Test
  void anAdmittedServiceTokenGetsTheApplicationsAccessToken() {
    var app = Api.createApplication("alice", "acme.example");
    policy("alice", app.get("id"), "service_auth", Map.of("type", "any_service_token"));
    var token = serviceToken("alice", "PT2H");
    var clientId = token.get("clientId");

    var answer =
        exchange(clientId, token.get("clientSecret"), app.get("id"))
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .extract()
            .jsonPath();

    // The application's session (24 h by default) is longer than the token's two hours.
    assertThat(answer.getLong("expires_in")).isBetween(7100L, 7200L);
    var verification =
        verifier()
            .verify(answer.getString("access_token"), (String) app.get("audience"), Instant.now());
    assertThat(verification).isInstanceOf(Verification.Verified.class);
    var identity = ((Verification.Verified) verification).identity();
    assertThat(identity.serviceTokenClientId()).isEqualTo(clientId);
    @SuppressWarnings("unchecked")
    var view = (Map<String, Object>) token.get("serviceToken");
    assertThat(identity.subject()).isEqualTo(view.get("id"));
    assertThat(identity.tenantId()).hasToString((String) app.get("tenantId"));
    assertThat(identity.email()).isNull();
    assertThat(identity.expiresAt())
        .isBeforeOrEqualTo(OffsetDateTime.parse((String) view.get("expiresAt")).toInstant());
  }

  @Test
  void wrongRevokedExpiredAndForeignCredentialsAreRefused() throws Throwable {
    var app = Api.createApplication("alice", "acme.example");
    policy("alice", app.get("id"), "service_auth", Map.of("type", "any_service_token"));
    var token = serviceToken("alice", "PT2H");

    exchange(token.get("clientId"), "wrong", app.get("id"))
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    exchange("nobody.access", "x", app.get("id")).then().statusCode(401);

    // Another tenant's token does not even find the application.
    var globex = serviceToken("carol", "PT2H");
    exchange(globex.get("clientId"), globex.get("clientSecret"), app.get("id"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));

    @SuppressWarnings("unchecked")
    var id = ((Map<String, Object>) token.get("serviceToken")).get("id");
    as("alice").delete("/v1/service-tokens/" + id).then().statusCode(204);
    exchange(token.get("clientId"), token.get("clientSecret"), app.get("id"))
        .then()
        .statusCode(401);

    // Expired (made so in the database: a token lives an hour at least).
    var expiring = serviceToken("alice", "PT2H");
    @SuppressWarnings("unchecked")
    var expiringId = ((Map<String, Object>) expiring.get("serviceToken")).get("id");
    expire(java.util.UUID.fromString((String) expiringId));
    exchange(expiring.get("clientId"), expiring.get("clientSecret"), app.get("id"))
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));

    given()
        .formParams(Map.of("grant_type", "password", "client_id", "x", "client_secret", "y"))
        .post("/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
  }

  private void expire(java.util.UUID id) throws Throwable {
    io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
        () ->
            io.quarkus.hibernate.reactive.panache.Panache.withTransaction(
                () ->
                    repository
                        .findById(id)
                        .invoke(t -> t.expiresAt = OffsetDateTime.now().minusMinutes(1))));
  }

  @Test
  void aTokenNoServiceAuthPolicyAdmitsIsDenied() {
    var app = Api.createApplication("alice", "acme.example");
    Api.addPolicy("alice", app.get("id"), "everyone"); // allow: users only
    var token = serviceToken("alice", "PT2H");
    exchange(token.get("clientId"), token.get("clientSecret"), app.get("id"))
        .then()
        .statusCode(403)
        .body("error", equalTo("access_denied"));

    // Only this token, and only from 10.0.0.0/8: the edge's address for the client decides.
    var other = Api.createApplication("alice", "acme.example");
    policy("alice", other.get("id"), "service_auth", Map.of("type", "ip", "value", "10.0.0.0/8"));
    exchange(token.get("clientId"), token.get("clientSecret"), other.get("id"))
        .then()
        .statusCode(403);
  }
}
