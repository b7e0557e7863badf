package dev.outpost.access.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.access.token.Verification.Reason;
import dev.outpost.access.token.Verification.Refused;
import dev.outpost.access.token.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessTokenVerifierTest {

  static final String ISSUER = "https://access.outpost.example";
  static final String AUDIENCE = "a".repeat(64);
  static final String OTHER_TENANTS_AUDIENCE = "b".repeat(64);
  static final UUID TENANT = UUID.fromString("7d0b3c4e-1f2a-4b5c-8d6e-9f0a1b2c3d4e");
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final SigningKey KEY = SigningKey.generate("key-1");
  static final SigningKey OTHER_KEY = SigningKey.generate("key-2");
  static final SigningKey IMPOSTOR = SigningKey.generate("key-1");
  static final AccessTokenVerifier VERIFIER =
      AccessTokenVerifier.of(ISSUER, List.of(KEY.publicJwk()));

  static AccessTokenClaims claims() {
    return AccessTokenClaims.user(
        ISSUER,
        AUDIENCE,
        "user-123",
        "alice@acme.example",
        List.of("engineering"),
        "local",
        TENANT,
        NOW.minusSeconds(60),
        NOW.plus(Duration.ofHours(1)));
  }

  static String token(UnaryOperator<AccessTokenClaims> change) {
    return KEY.sign(change.apply(claims()));
  }

  static AccessTokenClaims with(
      AccessTokenClaims c, String issuer, String audience, Instant issued, Instant expires) {
    return new AccessTokenClaims(
        issuer,
        audience,
        c.subject(),
        c.email(),
        c.groups(),
        c.identityProvider(),
        c.tenantId(),
        c.serviceTokenClientId(),
        issued,
        expires,
        c.tokenId());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static String hs256WithPublicKey() throws Exception {
    var header = b64("{\"alg\":\"HS256\",\"kid\":\"key-1\",\"typ\":\"JWT\"}");
    var payload = b64(payloadOf(token(c -> c)));
    var mac = Mac.getInstance("HmacSHA256");
    // The classic confusion: the verifier's public key used as an HMAC secret.
    mac.init(new SecretKeySpec(KEY.encodedPublicKey(), "HmacSHA256"));
    var signature =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    return header + "." + payload + "." + signature;
  }

  static Stream<Arguments> refusals() throws Exception {
    var good = token(c -> c);
    var parts = good.split("\\.");
    var forgedPayload =
        parts[0]
            + "."
            + b64(payloadOf(good).replace("alice@acme.example", "mallory@acme.example"))
            + "."
            + parts[2];
    var sig = parts[2].toCharArray();
    sig[10] = sig[10] == 'A' ? 'B' : 'A';
    var forgedSignature = parts[0] + "." + parts[1] + "." + new String(sig);
    var none = b64("{\"alg\":\"none\",\"kid\":\"key-1\"}") + "." + parts[1] + ".";
    var noneNoKid = b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
    var headerChanged =
        b64("{\"alg\":\"ES256\",\"kid\":\"key-1\"}") + "." + parts[1] + "." + parts[2];
    return Stream.of(
        Arguments.of("not a JWS", "not-a-token", AUDIENCE, Reason.MALFORMED),
        Arguments.of("empty", "", AUDIENCE, Reason.MALFORMED),
        Arguments.of("payload changed", forgedPayload, AUDIENCE, Reason.BAD_SIGNATURE),
        Arguments.of("signature changed", forgedSignature, AUDIENCE, Reason.BAD_SIGNATURE),
        Arguments.of("header changed", headerChanged, AUDIENCE, Reason.BAD_SIGNATURE),
        Arguments.of(
            "signed by another key under our kid",
            IMPOSTOR.sign(claims()),
            AUDIENCE,
            Reason.BAD_SIGNATURE),
        Arguments.of("alg none", none, AUDIENCE, Reason.ALGORITHM_NOT_ALLOWED),
        Arguments.of("alg none without kid", noneNoKid, AUDIENCE, Reason.ALGORITHM_NOT_ALLOWED),
        Arguments.of(
            "HS256 keyed with the public key",
            hs256WithPublicKey(),
            AUDIENCE,
            Reason.ALGORITHM_NOT_ALLOWED),
        Arguments.of("unknown kid", OTHER_KEY.sign(claims()), AUDIENCE, Reason.UNKNOWN_KEY),
        Arguments.of(
            "expired beyond the skew",
            token(c -> with(c, ISSUER, AUDIENCE, NOW.minusSeconds(3600), NOW.minusSeconds(31))),
            AUDIENCE,
            Reason.EXPIRED),
        Arguments.of(
            "issued in the future beyond the skew",
            token(c -> with(c, ISSUER, AUDIENCE, NOW.plusSeconds(31), NOW.plusSeconds(3600))),
            AUDIENCE,
            Reason.NOT_YET_VALID),
        Arguments.of(
            "another application's audience",
            token(c -> with(c, ISSUER, "c".repeat(64), c.issuedAt(), c.expiresAt())),
            AUDIENCE,
            Reason.WRONG_AUDIENCE),
        Arguments.of(
            "our token shown to another tenant's application",
            good,
            OTHER_TENANTS_AUDIENCE,
            Reason.WRONG_AUDIENCE),
        Arguments.of(
            "another issuer",
            token(c -> with(c, "https://evil.example", AUDIENCE, c.issuedAt(), c.expiresAt())),
            AUDIENCE,
            Reason.WRONG_ISSUER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refuses(String name, String token, String audience, Reason reason) {
    var result = VERIFIER.verify(token, audience, NOW);
    assertThat(result).isInstanceOf(Refused.class);
    assertThat(((Refused) result).reason()).as(((Refused) result).detail()).isEqualTo(reason);
  }

  static Stream<Arguments> acceptances() {
    return Stream.of(
        Arguments.of("fresh", token(c -> c)),
        Arguments.of(
            "expired less than the skew ago",
            token(c -> with(c, ISSUER, AUDIENCE, NOW.minusSeconds(3600), NOW.minusSeconds(29)))),
        Arguments.of(
            "issued less than the skew ahead",
            token(c -> with(c, ISSUER, AUDIENCE, NOW.plusSeconds(29), NOW.plusSeconds(3600)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptances")
  void accepts(String name, String token) {
    assertThat(VERIFIER.verify(token, AUDIENCE, NOW)).isInstanceOf(Verified.class);
  }

  @Test
  void theIdentityIsWhatTheTokenSays() {
    var result = VERIFIER.verify(token(c -> c), AUDIENCE, NOW);
    var identity = ((Verified) result).identity();
    assertThat(identity.subject()).isEqualTo("user-123");
    assertThat(identity.email()).isEqualTo("alice@acme.example");
    assertThat(identity.groups()).containsExactly("engineering");
    assertThat(identity.identityProvider()).isEqualTo("local");
    assertThat(identity.tenantId()).isEqualTo(TENANT);
    assertThat(identity.isServiceToken()).isFalse();
    assertThat(identity.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(identity.user()).get().extracting(u -> u.email()).isEqualTo("alice@acme.example");
  }

  @Test
  void aServiceTokensIdentityHasItsClientId() {
    var tokenId = UUID.randomUUID();
    var claims =
        AccessTokenClaims.service(
            ISSUER, AUDIENCE, tokenId, "abc.access", TENANT, NOW, NOW.plusSeconds(600));
    var identity = ((Verified) VERIFIER.verify(KEY.sign(claims), AUDIENCE, NOW)).identity();
    assertThat(identity.isServiceToken()).isTrue();
    assertThat(identity.serviceTokenClientId()).isEqualTo("abc.access");
    assertThat(identity.subject()).isEqualTo(tokenId.toString());
    assertThat(identity.tokenId()).isEqualTo(claims.tokenId());
    assertThat(identity.user()).isEmpty();
  }

  @Test
  void aRetiredKeyNoLongerVerifiesAndANewOneDoes() {
    var rotated = VERIFIER.withKey(OTHER_KEY.publicJwk()).withoutKey("key-1");
    assertThat(rotated.keyIds()).containsExactly("key-2");
    assertThat(rotated.verify(token(c -> c), AUDIENCE, NOW))
        .isEqualTo(new Refused(Reason.UNKNOWN_KEY, "no key key-1"));
    assertThat(rotated.verify(OTHER_KEY.sign(claims()), AUDIENCE, NOW).verified()).isTrue();
  }

  @Test
  void aJwkSetDocumentIsRead() {
    var json =
        "{\"keys\":["
            + new org.jose4j.jwk.EllipticCurveJsonWebKey(
                    (java.security.interfaces.ECPublicKey) KEY.keyPair().getPublic())
                .toJson()
                .replace("{", "{\"kid\":\"key-1\",")
            + "]}";
    var verifier = AccessTokenVerifier.fromJwks(ISSUER, json);
    assertThat(verifier.verify(token(c -> c), AUDIENCE, NOW).verified()).isTrue();
  }

  @Test
  void privateKeysAndOtherCurvesAreNotTaken() {
    Map<String, Object> withPrivate =
        new org.jose4j.jwk.EllipticCurveJsonWebKey(
                (java.security.interfaces.ECPublicKey) KEY.keyPair().getPublic())
            .toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    withPrivate.put("kid", "k");
    withPrivate.put("d", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
    assertThatThrownBy(() -> AccessTokenVerifier.of(ISSUER, List.of(withPrivate)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("public keys only");
    Map<String, Object> noKid = new java.util.HashMap<>(KEY.publicJwk());
    noKid.remove("kid");
    assertThatThrownBy(() -> AccessTokenVerifier.of(ISSUER, List.of(noKid)))
        .hasMessageContaining("kid");
  }

  @Test
  void aKeyPairSurvivesItsEncodedForms() {
    var copy = SigningKey.decode("key-1", KEY.encodedPublicKey(), KEY.encodedPrivateKey());
    assertThat(VERIFIER.verify(copy.sign(claims()), AUDIENCE, NOW).verified()).isTrue();
    assertThat(copy.publicJwk()).isEqualTo(KEY.publicJwk()).doesNotContainKey("d");
    assertThat(KEY.publicJwk()).containsEntry("alg", "ES256").containsEntry("crv", "P-256");
  }
}
