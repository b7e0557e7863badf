package dev.outpost.access.token;

import dev.outpost.access.token.Verification.Reason;
import dev.outpost.access.token.Verification.Refused;
import dev.outpost.access.token.Verification.Verified;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Verifies access tokens from memory: the edge's check of the {@value AccessTokens#COOKIE} cookie
 * on every request. Immutable and thread-safe; build a new one when keys come or go ({@link
 * #withKey}, {@link #withoutKey}).
 *
 * <p>A token is accepted only when all of these hold, checked in this order (the first failure is
 * the {@link Reason}): it is a compact JWS; its {@code alg} is ES256 (so {@code none}, and HS256
 * "signed" with the public key, are refused before any key is touched); its {@code kid} names a key
 * held; the signature verifies with that key; {@code iss} is the expected issuer; {@code aud}
 * contains the application's audience (a token of another application, of this tenant or another,
 * is refused); {@code exp} is not past and {@code nbf}/{@code iat} not ahead, each with {@link
 * AccessTokens#CLOCK_SKEW} of slack; {@code sub}, {@code tenant} and either {@code email} or {@code
 * client_id} are present.
 */
public final class AccessTokenVerifier {

  private static final AlgorithmConstraints ES256_ONLY =
      new AlgorithmConstraints(ConstraintType.PERMIT, AccessTokens.ALGORITHM);

  private final String issuer;
  private final Map<String, PublicKey> keys;

  private AccessTokenVerifier(String issuer, Map<String, PublicKey> keys) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = Map.copyOf(keys);
  }

  /**
   * A verifier that trusts the given public keys.
   *
   * @param issuer the expected {@code iss}: the access-service's public URL
   * @param jwks public JWKs as maps (the {@code jwk} of an {@code AccessSigningKeyRecord})
   * @throws IllegalArgumentException when a key is not a public P-256 key with a {@code kid}
   */
  public static AccessTokenVerifier of(String issuer, Collection<Map<String, Object>> jwks) {
    var keys = new HashMap<String, PublicKey>();
    for (var jwk : jwks) {
      var key = publicKey(jwk);
      keys.put(key.getKeyId(), key.getPublicKey());
    }
    return new AccessTokenVerifier(issuer, keys);
  }

  /** A verifier that trusts the keys of a JWK Set document ({@code /.well-known/jwks.json}). */
  public static AccessTokenVerifier fromJwks(String issuer, String jwksJson) {
    JsonWebKeySet set;
    try {
      set = new JsonWebKeySet(jwksJson);
    } catch (JoseException e) {
      throw new IllegalArgumentException("not a JWK Set: " + e.getMessage(), e);
    }
    var keys = new HashMap<String, PublicKey>();
    for (var key : set.getJsonWebKeys()) {
      var ec = checked(key);
      keys.put(ec.getKeyId(), ec.getPublicKey());
    }
    return new AccessTokenVerifier(issuer, keys);
  }

  /** This verifier with one more key (or a replaced one of the same {@code kid}). */
  public AccessTokenVerifier withKey(Map<String, Object> jwk) {
    var key = publicKey(jwk);
    var next = new HashMap<>(keys);
    next.put(key.getKeyId(), key.getPublicKey());
    return new AccessTokenVerifier(issuer, next);
  }

  /** This verifier without the key {@code kid} (retired: a tombstone on the topic). */
  public AccessTokenVerifier withoutKey(String kid) {
    var next = new HashMap<>(keys);
    next.remove(kid);
    return new AccessTokenVerifier(issuer, next);
  }

  /** The ids of the keys trusted. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * Checks a token for one application.
   *
   * @param token the compact JWS, as from the cookie
   * @param expectedAudience the audience tag of the application the request is for
   * @param now the current time
   */
  public Verification verify(String token, String expectedAudience, Instant now) {
    Objects.requireNonNull(expectedAudience, "expectedAudience");
    Objects.requireNonNull(now, "now");
    if (token == null || token.isBlank()) {
      return refuse(Reason.MALFORMED, "no token");
    }
    var jws = new JsonWebSignature();
    try {
      jws.setCompactSerialization(token);
    } catch (JoseException e) {
      return refuse(Reason.MALFORMED, "not a compact JWS");
    }
    String algorithm = jws.getAlgorithmHeaderValue();
    if (!AccessTokens.ALGORITHM.equals(algorithm)) {
      return refuse(Reason.ALGORITHM_NOT_ALLOWED, "alg " + algorithm + " is not ES256");
    }
    String kid = jws.getKeyIdHeaderValue();
    var key = kid == null ? null : keys.get(kid);
    if (key == null) {
      return refuse(Reason.UNKNOWN_KEY, "no key " + kid);
    }
    jws.setAlgorithmConstraints(ES256_ONLY);
    jws.setKey(key);
    String payload;
    try {
      if (!jws.verifySignature()) {
        return refuse(Reason.BAD_SIGNATURE, "the signature does not verify with key " + kid);
      }
      payload = jws.getPayload();
    } catch (JoseException e) {
      return refuse(Reason.BAD_SIGNATURE, "the signature does not verify: " + e.getMessage());
    }
    try {
      return claims(JwtClaims.parse(payload), expectedAudience, now);
    } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
      return refuse(Reason.MALFORMED, "the claims are not a JSON object");
    } catch (MalformedClaimException e) {
      return refuse(Reason.MISSING_CLAIM, e.getMessage());
    }
  }

  private Verification claims(JwtClaims claims, String audience, Instant now)
      throws MalformedClaimException {
    if (!issuer.equals(claims.getIssuer())) {
      return refuse(Reason.WRONG_ISSUER, "issued by " + claims.getIssuer());
    }
    List<String> audiences = claims.hasAudience() ? claims.getAudience() : List.of();
    if (!audiences.contains(audience)) {
      return refuse(Reason.WRONG_AUDIENCE, "meant for another application");
    }
    long skew = AccessTokens.CLOCK_SKEW.toSeconds();
    long seconds = now.getEpochSecond();
    NumericDate expires = claims.getExpirationTime();
    if (expires == null) {
      return refuse(Reason.MISSING_CLAIM, "no exp");
    }
    if (seconds > expires.getValue() + skew) {
      return refuse(Reason.EXPIRED, "expired at " + Instant.ofEpochSecond(expires.getValue()));
    }
    for (NumericDate start : new NumericDate[] {claims.getNotBefore(), claims.getIssuedAt()}) {
      if (start != null && start.getValue() > seconds + skew) {
        return refuse(
            Reason.NOT_YET_VALID, "valid from " + Instant.ofEpochSecond(start.getValue()));
      }
    }
    String subject = claims.getSubject();
    String email = claims.getStringClaimValue(AccessTokens.EMAIL);
    String clientId = claims.getStringClaimValue(AccessTokens.CLIENT_ID);
    String tenant = claims.getStringClaimValue(AccessTokens.TENANT);
    if (subject == null || tenant == null || (email == null) == (clientId == null)) {
      return refuse(Reason.MISSING_CLAIM, "sub, tenant and one of email or client_id are needed");
    }
    UUID tenantId;
    try {
      tenantId = UUID.fromString(tenant);
    } catch (IllegalArgumentException e) {
      return refuse(Reason.MISSING_CLAIM, "tenant is not a UUID");
    }
    List<String> groups =
        claims.hasClaim(AccessTokens.GROUPS)
            ? claims.getStringListClaimValue(AccessTokens.GROUPS)
            : List.of();
    return new Verified(
        new AccessIdentity(
            subject,
            email,
            groups,
            claims.getStringClaimValue(AccessTokens.IDENTITY_PROVIDER),
            clientId,
            tenantId,
            Instant.ofEpochSecond(expires.getValue()),
            claims.getJwtId()));
  }

  private static EllipticCurveJsonWebKey publicKey(Map<String, Object> jwk) {
    Objects.requireNonNull(jwk, "jwk");
    try {
      return checked(JsonWebKey.Factory.newJwk(jwk));
    } catch (JoseException e) {
      throw new IllegalArgumentException("not a JWK: " + e.getMessage(), e);
    }
  }

  private static EllipticCurveJsonWebKey checked(JsonWebKey key) {
    if (!(key instanceof EllipticCurveJsonWebKey ec)
        || !EllipticCurves.P_256.equals(ec.getCurveName())) {
      throw new IllegalArgumentException("an access token key is an EC P-256 key");
    }
    if (ec.getPrivateKey() != null) {
      throw new IllegalArgumentException("a verifier takes public keys only");
    }
    if (ec.getKeyId() == null || ec.getKeyId().isBlank()) {
      throw new IllegalArgumentException("the key has no kid");
    }
    return ec;
  }

  private static Refused refuse(Reason reason, String detail) {
    return new Refused(reason, detail);
  }
}
