package dev.outpost.access.signingkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.access.config.AccessConfig;
import dev.outpost.access.support.OnVertx;
import dev.outpost.access.token.AccessTokenClaims;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.Verification.Reason;
import dev.outpost.access.token.Verification.Refused;
import dev.outpost.events.Topic;
import dev.outpost.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Signing keys: the JWKS endpoint and the compacted topic carry the public keys; a rotation keeps
 * the old key verifying for the overlap, then retires it (gone from the JWKS, a tombstone).
 */
@QuarkusTest
class SigningKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject SigningKeyService keys;
  @Inject AccessConfig config;
  @Inject Vertx vertx;

  String issuer() {
    return config.publicUrl().toString().replaceAll("/+$", "");
  }

  JsonNode jwks() throws Exception {
    var response = RestAssured.given().get("/.well-known/jwks.json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).contains("max-age=");
    return JSON.readTree(response.asString());
  }

  List<String> kids() throws Exception {
    var kids = new ArrayList<String>();
    jwks().path("keys").forEach(k -> kids.add(k.path("kid").asText()));
    return kids;
  }

  AccessTokenVerifier verifier() {
    return AccessTokenVerifier.fromJwks(
        issuer(), RestAssured.given().get("/.well-known/jwks.json").asString());
  }

  String sign(String audience) {
    var now = Instant.now();
    var claims =
        AccessTokenClaims.user(
            issuer(),
            audience,
            "sub",
            "alice@acme.example",
            List.of(),
            "local",
            UUID.randomUUID(),
            now,
            now.plusSeconds(600));
    return OnVertx.await(vertx, () -> keys.sign(claims));
  }

  @Test
  void thePublicKeysArePublishedOnTheEndpointAndTheTopic() throws Exception {
    var document = jwks();
    var key = document.path("keys").get(0);
    assertThat(key.path("kty").asText()).isEqualTo("EC");
    assertThat(key.path("crv").asText()).isEqualTo("P-256");
    assertThat(key.path("alg").asText()).isEqualTo("ES256");
    assertThat(key.has("d")).as("no private part").isFalse();
    var kid = key.path("kid").asText();

    try (var reader = new TopicReader(Topic.ACCESS_SIGNING_KEYS)) {
      var records = reader.awaitKey(kid, 1);
      var value = JSON.readTree(records.getLast().value());
      assertThat(value.path("kid").asText()).isEqualTo(kid);
      assertThat(value.path("jwk").path("kid").asText()).isEqualTo(kid);
      assertThat(value.path("jwk").has("d")).isFalse();
      assertThat(value.has("notBefore")).isTrue();
      assertThat(value.has("notAfter")).isTrue();
      assertThat(TopicReader.header(records.getLast(), "ce_type"))
          .isEqualTo("dev.outpost.access.signing-key.v1");
    }
  }

  @Test
  void aRotatedKeyVerifiesDuringTheOverlapAndIsRetiredAfter() throws Exception {
    var audience = "d".repeat(64);
    var oldToken = sign(audience);
    var oldKid = kids().getFirst();

    var now = Instant.now();
    OnVertx.await(vertx, () -> keys.rotateNow(now));

    var during = kids();
    assertThat(during).hasSize(2).contains(oldKid);
    var newKid = during.getFirst();
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(verifier().verify(oldToken, audience, Instant.now()).verified()).isTrue();
    var newToken = sign(audience);
    assertThat(verifier().verify(newToken, audience, Instant.now()).verified()).isTrue();

    // Just before the overlap ends the old key still verifies; just after it is retired.
    var overlap = config.signingKeys().overlap();
    OnVertx.await(vertx, () -> keys.maintain(now.plus(overlap).minusSeconds(60)));
    assertThat(kids()).contains(oldKid);
    OnVertx.await(vertx, () -> keys.maintain(now.plus(overlap).plus(Duration.ofSeconds(1))));

    assertThat(kids()).containsExactly(newKid);
    var refused = verifier().verify(oldToken, audience, Instant.now());
    assertThat(refused).isInstanceOf(Refused.class);
    assertThat(((Refused) refused).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(verifier().verify(newToken, audience, Instant.now()).verified()).isTrue();

    try (var reader = new TopicReader(Topic.ACCESS_SIGNING_KEYS)) {
      var records =
          reader.await(r -> oldKid.equals(r.key()) && r.value() == null, 1, Duration.ofSeconds(30));
      assertThat(records).isNotEmpty();
    }
  }
}
