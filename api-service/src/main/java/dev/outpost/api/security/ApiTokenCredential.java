package dev.outpost.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A presented platform API token, on its way to {@link ApiTokenIdentityProvider}. */
public final class ApiTokenCredential extends BaseAuthenticationRequest {

  /** Every platform API token starts with this, which tells it apart from a Keycloak JWT. */
  public static final String PREFIX = "otk_";

  private final String token;

  public ApiTokenCredential(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
