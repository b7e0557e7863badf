package dev.outpost.access.token;

import dev.outpost.access.policy.UserIdentity;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a verified access token names: a user (email set) or a service token (client id set).
 *
 * @param subject {@code sub}
 * @param email the user's email, or null for a service token
 * @param groups the user's groups, may be empty
 * @param identityProvider the identity provider alias, or null for a service token
 * @param serviceTokenClientId a service token's client id, or null for a user
 * @param tenantId the application's tenant
 * @param expiresAt when the token stops being valid
 * @param tokenId {@code jti}
 */
public record AccessIdentity(
    String subject,
    String email,
    List<String> groups,
    String identityProvider,
    String serviceTokenClientId,
    UUID tenantId,
    Instant expiresAt,
    String tokenId) {

  public AccessIdentity {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  public boolean isServiceToken() {
    return serviceTokenClientId != null;
  }

  /** The user for {@link dev.outpost.access.policy.AccessRequest}, or empty for a service token. */
  public Optional<UserIdentity> user() {
    if (email == null) {
      return Optional.empty();
    }
    return Optional.of(
        new UserIdentity(
            subject,
            email,
            new HashSet<>(groups),
            identityProvider == null ? "" : identityProvider));
  }
}
