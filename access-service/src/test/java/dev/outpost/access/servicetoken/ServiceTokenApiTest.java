package dev.outpost.access.servicetoken;

import static dev.outpost.access.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.ServiceTokenRecord;
import dev.outpost.events.Topic;
import dev.outpost.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceTokenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @Inject ServiceTokenRepository repository;

  private ServiceTokenEntity stored(String id) throws Throwable {
    return VertxContextSupport.subscribeAndAwait(
        () -> Panache.withSession(() -> repository.findById(UUID.fromString(id))));
  }

  @Test
  void theSecretIsShownOnceAndStoredOnlyAsItsHash() throws Throwable {
    var created =
        as("alice")
            .body(Map.of("name", "ci"))
            .post("/v1/service-tokens")
            .then()
            .statusCode(201)
            .body("clientId", matchesPattern("[0-9a-f]{32}\\.access"))
            .body("clientSecret", matchesPattern("[0-9a-f]{64}"))
            .body("serviceToken.state", equalTo("active"))
            .body("serviceToken.revoked", equalTo(false))
            .body("serviceToken.lastRotatedAt", nullValue())
            .extract()
            .jsonPath();
    var id = created.getString("serviceToken.id");
    var clientId = created.getString("clientId");
    var secret = created.getString("clientSecret");
    var expiresAt = OffsetDateTime.parse(created.getString("serviceToken.expiresAt"));
    assertThat(expiresAt)
        .isBetween(OffsetDateTime.now().plusDays(364), OffsetDateTime.now().plusDays(366));

    var one =
        as("alice").get("/v1/service-tokens/" + id).then().statusCode(200).extract().asString();
    var list =
        as("bob")
            .queryParam("limit", 200)
            .get("/v1/service-tokens")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(one).contains(clientId).doesNotContain(secret).doesNotContain("secret");
    assertThat(list).contains(id).doesNotContain(secret);

    var row = stored(id);
    assertThat(row.secretHash)
        .isEqualTo(ServiceTokenRecord.hash(clientId, secret))
        .doesNotContain(secret);
  }

  @Test
  void rotationReplacesTheSecretAndRevocationEndsTheToken() throws Throwable {
    try (var reader = new TopicReader(Topic.SERVICE_TOKENS)) {
      var created =
          as("alice")
              .body(Map.of("name", "deploy", "duration", "P30D"))
              .post("/v1/service-tokens")
              .then()
              .statusCode(201)
              .extract()
              .jsonPath();
      var id = created.getString("serviceToken.id");
      var clientId = created.getString("clientId");
      var oldSecret = created.getString("clientSecret");

      var rotated =
          as("alice")
              .post("/v1/service-tokens/" + id + "/rotate")
              .then()
              .statusCode(200)
              .body("clientId", equalTo(clientId))
              .body("serviceToken.lastRotatedAt", notNullValue())
              .body("serviceToken.expiresAt", equalTo(created.getString("serviceToken.expiresAt")))
              .extract()
              .jsonPath();
      var newSecret = rotated.getString("clientSecret");
      assertThat(newSecret).isNotEqualTo(oldSecret).matches("[0-9a-f]{64}");
      assertThat(stored(id).secretHash).isEqualTo(ServiceTokenRecord.hash(clientId, newSecret));

      as("bob").post("/v1/service-tokens/" + id + "/rotate").then().statusCode(403);
      as("alice").delete("/v1/service-tokens/" + id).then().statusCode(204);
      as("alice")
          .get("/v1/service-tokens/" + id)
          .then()
          .body("state", equalTo("revoked"))
          .body("revoked", equalTo(true))
          .body("revokedAt", notNullValue());
      as("alice")
          .post("/v1/service-tokens/" + id + "/rotate")
          .then()
          .statusCode(409)
          .contentType("application/problem+json");

      // What the edge sees: three revisions; each verifies only the secret current then.
      var records = reader.awaitKey(id, 3);
      var first = JSON.readValue(records.get(0).value(), ServiceTokenRecord.class);
      var second = JSON.readValue(records.get(1).value(), ServiceTokenRecord.class);
      var third = JSON.readValue(records.get(2).value(), ServiceTokenRecord.class);
      var fieldNames = new java.util.ArrayList<String>();
      JSON.readTree(records.get(0).value()).fieldNames().forEachRemaining(fieldNames::add);
      assertThat(fieldNames)
          .containsExactlyInAnyOrder(
              "id", "tenantId", "clientId", "secretHash", "expiresAt", "revoked", "revision");
      var now = Instant.now();
      assertThat(List.of(first.revision(), second.revision(), third.revision()))
          .containsExactly(1L, 2L, 3L);
      assertThat(first.accepts(clientId, oldSecret, now)).isTrue();
      assertThat(second.accepts(clientId, oldSecret, now)).isFalse();
      assertThat(second.accepts(clientId, newSecret, now)).isTrue();
      assertThat(third.revoked()).isTrue();
      assertThat(third.accepts(clientId, newSecret, now)).isFalse();
      assertThat(records.get(0).value()).doesNotContain(oldSecret);
    }
  }

  @Test
  void expiredTokensAreListedAsExpired() throws Throwable {
    String id =
        as("alice")
            .body(Map.of("name", "short", "duration", "PT1H"))
            .post("/v1/service-tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("serviceToken.id");
    VertxContextSupport.subscribeAndAwait(
        () ->
            Panache.withTransaction(
                () ->
                    repository
                        .findById(UUID.fromString(id))
                        .invoke(t -> t.expiresAt = OffsetDateTime.now().minusMinutes(1))));
    as("alice").get("/v1/service-tokens/" + id).then().body("state", equalTo("expired"));
  }

  @Test
  void badRequestsNameTheField() {
    as("alice")
        .body(Map.of("name", "x", "duration", "one year"))
        .post("/v1/service-tokens")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("duration"))
        .body("errors[0].message", equalTo("'one year' is not an ISO-8601 duration such as P30D"));
    as("alice")
        .body(Map.of("name", "x", "duration", "PT5M"))
        .post("/v1/service-tokens")
        .then()
        .statusCode(400)
        .body("errors[0].message", equalTo("must be between PT1H and P3650D"));
    as("alice")
        .body(Map.of("duration", "P1D", "expiresAt", OffsetDateTime.now().plusDays(2).toString()))
        .post("/v1/service-tokens")
        .then()
        .statusCode(400)
        .body("errors.field", equalTo(List.of("name", "duration")));
    as("alice")
        .body(Map.of("name", "x", "expiresAt", OffsetDateTime.now().minusDays(1).toString()))
        .post("/v1/service-tokens")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("expiresAt"));
  }

  @Test
  void aViewerReadsButCannotCreate() {
    as("bob").body(Map.of("name", "x")).post("/v1/service-tokens").then().statusCode(403);
    as("bob").get("/v1/service-tokens").then().statusCode(200);
  }
}
