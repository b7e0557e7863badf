package dev.outpost.api.security;

import dev.outpost.api.token.ApiTokenEntity;
import dev.outpost.api.token.ApiTokenRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Turns a presented API token into an identity: the token must exist (looked up by the hash of the
 * secret), be unrevoked and unexpired. Its last use is recorded, at most once a minute so a busy
 * script does not write on every call.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenCredential> {

  static final String TENANT_ATTRIBUTE = "outpost.tenant-id";
  static final String SCOPES_ATTRIBUTE = "outpost.scopes";
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;

  ApiTokenIdentityProvider(ApiTokenRepository tokens) {
    this.tokens = tokens;
  }

  @Override
  public Class<ApiTokenCredential> getRequestType() {
    return ApiTokenCredential.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      ApiTokenCredential request, AuthenticationRequestContext context) {
    var hash = Secrets.hash(request.token());
    return Panache.withTransaction(
        () ->
            tokens
                .findBySecretHash(hash)
                .map(
                    token -> {
                      var now = OffsetDateTime.now();
                      if (token == null
                          || token.revokedAt != null
                          || (token.expiresAt != null && !token.expiresAt.isAfter(now))) {
                        throw new AuthenticationFailedException();
                      }
                      if (token.lastUsedAt == null
                          || token.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                        token.lastUsedAt = now;
                      }
                      return identityOf(token);
                    }));
  }

  private static SecurityIdentity identityOf(ApiTokenEntity token) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(token.id.toString()))
        .addAttribute(TENANT_ATTRIBUTE, token.tenantId)
        .addAttribute(SCOPES_ATTRIBUTE, token.scopes)
        .build();
  }
}
