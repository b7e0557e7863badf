package dev.outpost.access.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A logged-in user, as the access session says.
 *
 * @param subject the identity provider's stable id for the user
 * @param email the verified email address; kept with A-Z lowercased, as policies compare it
 * @param groups the identity provider's groups for the user, compared exactly
 * @param identityProvider the alias of the identity provider the user logged in with
 */
public record UserIdentity(
    String subject, String email, Set<String> groups, String identityProvider) {

  public UserIdentity {
    Objects.requireNonNull(subject, "subject");
    email = Ascii.lowercase(Objects.requireNonNull(email, "email"));
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    Objects.requireNonNull(identityProvider, "identityProvider");
  }
}
