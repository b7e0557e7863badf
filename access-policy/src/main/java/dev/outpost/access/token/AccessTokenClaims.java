package dev.outpost.access.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an access token says, to sign it ({@link AccessTokens#sign}). Either {@code email} (a user)
 * or {@code serviceTokenClientId} (a service token) is set.
 *
 * @param issuer {@code iss}: the access-service's public URL
 * @param audience {@code aud}: the application's audience tag
 * @param subject {@code sub}: the identity provider's id for the user, or the service token's id
 * @param email {@code email}, or null for a service token
 * @param groups {@code groups}, may be empty
 * @param identityProvider {@code idp}: the identity provider alias, or null for a service token
 * @param tenantId {@code tenant}: the application's tenant
 * @param serviceTokenClientId {@code client_id}, or null for a user
 * @param issuedAt {@code iat} and {@code nbf}
 * @param expiresAt {@code exp}
 * @param tokenId {@code jti}: unique per token
 */
public record AccessTokenClaims(
    String issuer,
    String audience,
    String subject,
    String email,
    List<String> groups,
    String identityProvider,
    UUID tenantId,
    String serviceTokenClientId,
    Instant issuedAt,
    Instant expiresAt,
    String tokenId) {

  public AccessTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(tokenId, "tokenId");
    if ((email == null) == (serviceTokenClientId == null)) {
      throw new IllegalArgumentException("exactly one of email and serviceTokenClientId is needed");
    }
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** A user's token. */
  public static AccessTokenClaims user(
      String issuer,
      String audience,
      String subject,
      String email,
      List<String> groups,
      String identityProvider,
      UUID tenantId,
      Instant issuedAt,
      Instant expiresAt) {
    return new AccessTokenClaims(
        issuer,
        audience,
        subject,
        email,
        groups,
        Objects.requireNonNull(identityProvider, "identityProvider"),
        tenantId,
        null,
        issuedAt,
        expiresAt,
        UUID.randomUUID().toString());
  }

  /**
   * A service token's token: {@code sub} is the token's id, {@code client_id} its client id; no
   * email, groups or identity provider.
   */
  public static AccessTokenClaims service(
      String issuer,
      String audience,
      UUID serviceTokenId,
      String clientId,
      UUID tenantId,
      Instant issuedAt,
      Instant expiresAt) {
    return new AccessTokenClaims(
        issuer,
        audience,
        serviceTokenId.toString(),
        null,
        List.of(),
        null,
        tenantId,
        Objects.requireNonNull(clientId, "clientId"),
        issuedAt,
        expiresAt,
        UUID.randomUUID().toString());
  }
}
