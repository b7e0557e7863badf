package dev.outpost.access.token;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Objects;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The access token: a JWS (RFC 7515) signed with ES256 by the access-service, the app session
 * itself. The edge keeps it in the {@value #COOKIE} cookie, verifies it from memory with {@link
 * AccessTokenVerifier} and forwards it unchanged to the origin in {@value #ORIGIN_HEADER}.
 *
 * <p>Header: {@code alg} ES256, {@code kid} (the signing key's id), {@code typ} JWT. Claims:
 *
 * <table>
 *   <caption>claims</caption>
 *   <tr><td>{@code iss}</td><td>the access-service's public URL</td></tr>
 *   <tr><td>{@code aud}</td><td>[the application's audience tag]</td></tr>
 *   <tr><td>{@code sub}</td><td>the identity provider's id for the user</td></tr>
 *   <tr><td>{@code email}</td><td>the user's email</td></tr>
 *   <tr><td>{@code groups}</td><td>the user's groups (may be empty)</td></tr>
 *   <tr><td>{@code idp}</td><td>the alias of the identity provider the user logged in with</td></tr>
 *   <tr><td>{@code tenant}</td><td>the application's tenant id</td></tr>
 *   <tr><td>{@code client_id}</td><td>instead of email: a service token's client id</td></tr>
 *   <tr><td>{@code iat}, {@code nbf}, {@code exp}</td><td>issued, valid from, valid until</td></tr>
 *   <tr><td>{@code jti}</td><td>a random id of this token</td></tr>
 * </table>
 */
public final class AccessTokens {

  /** The only signature algorithm signed with and accepted. */
  public static final String ALGORITHM = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

  /** The cookie the edge keeps the token in (host-scoped, HttpOnly, SameSite=Lax). */
  public static final String COOKIE = "Outpost_Authorization";

  /** The request header the edge forwards the token in to the origin, unchanged. */
  public static final String ORIGIN_HEADER = "Outpost-Access-Jwt-Assertion";

  /**
   * The request header a machine sends its service token's client id in (Cloudflare's is {@code
   * CF-Access-Client-Id}); the edge reads it and never forwards it.
   */
  public static final String CLIENT_ID_HEADER = "Outpost-Access-Client-Id";

  /** The request header a machine sends its service token's secret in; never forwarded. */
  public static final String CLIENT_SECRET_HEADER = "Outpost-Access-Client-Secret";

  /** The path on an application's host where the edge takes a new token from the login. */
  public static final String AUTHORIZED_PATH = "/.outpost/authorized";

  /** The path on an application's host where the edge forgets the token and logs out. */
  public static final String LOGOUT_PATH = "/.outpost/logout";

  /**
   * How far clocks may disagree: a token is accepted up to this long after its {@code exp} and this
   * long before its {@code nbf}/{@code iat}. Small, since every party runs NTP; enough for the
   * access-service and a router whose clocks are a few seconds apart.
   */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  static final String EMAIL = "email";
  static final String GROUPS = "groups";
  static final String IDENTITY_PROVIDER = "idp";
  static final String TENANT = "tenant";
  static final String CLIENT_ID = "client_id";

  private AccessTokens() {}

  /**
   * Signs the claims with ES256.
   *
   * @param claims what the token says
   * @param kid the id of {@code key}, written in the header
   * @param key the P-256 private key
   * @return the compact serialization
   */
  public static String sign(AccessTokenClaims claims, String kid, PrivateKey key) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(key, "key");
    var jwt = new JwtClaims();
    jwt.setIssuer(claims.issuer());
    jwt.setAudience(claims.audience());
    jwt.setSubject(claims.subject());
    if (claims.email() != null) {
      jwt.setClaim(EMAIL, claims.email());
    }
    if (claims.serviceTokenClientId() != null) {
      jwt.setClaim(CLIENT_ID, claims.serviceTokenClientId());
    }
    jwt.setStringListClaim(GROUPS, claims.groups());
    if (claims.identityProvider() != null) {
      jwt.setClaim(IDENTITY_PROVIDER, claims.identityProvider());
    }
    jwt.setClaim(TENANT, claims.tenantId().toString());
    jwt.setIssuedAt(NumericDate.fromSeconds(claims.issuedAt().getEpochSecond()));
    jwt.setNotBefore(NumericDate.fromSeconds(claims.issuedAt().getEpochSecond()));
    jwt.setExpirationTime(NumericDate.fromSeconds(claims.expiresAt().getEpochSecond()));
    jwt.setJwtId(claims.tokenId());
    var jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setAlgorithmHeaderValue(ALGORITHM);
    jws.setKeyIdHeaderValue(kid);
    jws.setHeader("typ", "JWT");
    jws.setKey(key);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }
}
