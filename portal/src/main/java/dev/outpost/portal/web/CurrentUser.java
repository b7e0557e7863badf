package dev.outpost.portal.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is looking at the page, for templates ({@code inject:user}): their name, tenant and whether
 * they may change things. The APIs decide for themselves with the same token; this only hides the
 * controls a viewer could not use.
 */
@RequestScoped
@Named("user")
public class CurrentUser {

  /** The realm role of those who may change their tenant's settings. */
  public static final String ADMIN_ROLE = "tenant-admin";

  private final SecurityIdentity identity;

  CurrentUser(SecurityIdentity identity) {
    this.identity = identity;
  }

  /** Whether someone is signed in (the signed-out page is not). */
  public boolean signedIn() {
    return !identity.isAnonymous();
  }

  public String name() {
    var name = claim("preferred_username");
    return name != null ? name : identity.getPrincipal().getName();
  }

  public String email() {
    return claim("email");
  }

  /** The tenant's slug, or null for a user of no tenant (an operator, an end user). */
  public String tenant() {
    return claim("tenant");
  }

  /** Whether the user may change things (a tenant admin); viewers see controls hidden. */
  public boolean admin() {
    return identity.hasRole(ADMIN_ROLE);
  }

  private String claim(String name) {
    // After the code flow the principal is the ID token.
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken idToken)) {
      return null;
    }
    Object value = idToken.getClaim(name);
    return value == null ? null : value.toString().replace("\"", "");
  }
}
