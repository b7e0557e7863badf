package dev.outpost.api.security;

import dev.outpost.api.tenant.TenantRepository;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the authenticated identity of the current request into a {@link Caller}: a Keycloak user
 * (tenant from the {@code tenant} claim, scopes from the tenant-admin / tenant-viewer roles), or an
 * API token (tenant and scopes stored with it).
 */
@ApplicationScoped
public class Callers {

  public static final String TENANT_CLAIM = "tenant";
  public static final String ROLE_PLATFORM_ADMIN = "platform-admin";
  public static final String ROLE_TENANT_ADMIN = "tenant-admin";
  public static final String ROLE_TENANT_VIEWER = "tenant-viewer";

  private final SecurityIdentity identity;
  private final CurrentVertxRequest request;
  private final TenantRepository tenants;
  // Tenants are not renamed; a slug, once resolved, keeps its id.
  private final Map<String, UUID> tenantIds = new ConcurrentHashMap<>();

  Callers(SecurityIdentity identity, CurrentVertxRequest request, TenantRepository tenants) {
    this.identity = identity;
    this.request = request;
    this.tenants = tenants;
  }

  /** The caller of the current request; fails with 401 when it is anonymous. */
  public Uni<Caller> current() {
    if (identity.isAnonymous()) {
      return Uni.createFrom().failure(new io.quarkus.security.UnauthorizedException());
    }
    var address = sourceAddress();
    UUID tokenTenant = identity.getAttribute(ApiTokenIdentityProvider.TENANT_ATTRIBUTE);
    if (tokenTenant != null) {
      String scopes = identity.getAttribute(ApiTokenIdentityProvider.SCOPES_ATTRIBUTE);
      return Uni.createFrom()
          .item(
              new Caller(
                  tokenTenant,
                  Caller.API_TOKEN,
                  identity.getPrincipal().getName(),
                  parseScopes(scopes),
                  false,
                  false,
                  address));
    }
    var subject = subjectOf();
    boolean platformAdmin = identity.hasRole(ROLE_PLATFORM_ADMIN);
    boolean tenantAdmin = identity.hasRole(ROLE_TENANT_ADMIN);
    Set<Scope> scopes =
        tenantAdmin
            ? Scope.all()
            : identity.hasRole(ROLE_TENANT_VIEWER) ? Scope.reads() : EnumSet.noneOf(Scope.class);
    var slug = tenantClaim();
    if (slug == null) {
      return Uni.createFrom()
          .item(new Caller(null, Caller.USER, subject, Set.of(), false, platformAdmin, address));
    }
    return tenantId(slug)
        .map(
            id ->
                new Caller(id, Caller.USER, subject, scopes, tenantAdmin, platformAdmin, address));
  }

  private Uni<UUID> tenantId(String slug) {
    var known = tenantIds.get(slug);
    if (known != null) {
      return Uni.createFrom().item(known);
    }
    return Panache.withSession(() -> tenants.findBySlug(slug))
        .map(
            tenant -> {
              if (tenant == null) {
                throw ProblemException.forbidden(
                    "tenant '" + slug + "' is not provisioned on this platform; ask its operator");
              }
              tenantIds.put(slug, tenant.id);
              return tenant.id;
            });
  }

  private String tenantClaim() {
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      Object claim = jwt.getClaim(TENANT_CLAIM);
      return claim == null ? null : claim.toString().replace("\"", "");
    }
    return null;
  }

  private String subjectOf() {
    if (identity.getPrincipal() instanceof JsonWebToken jwt) {
      var username = jwt.<Object>getClaim("preferred_username");
      return username != null ? username.toString().replace("\"", "") : jwt.getSubject();
    }
    return identity.getPrincipal().getName();
  }

  private String sourceAddress() {
    var context = request.getCurrent();
    if (context == null || context.request().remoteAddress() == null) {
      return null;
    }
    return context.request().remoteAddress().hostAddress();
  }

  static Set<Scope> parseScopes(String value) {
    if (value == null || value.isBlank()) {
      return EnumSet.noneOf(Scope.class);
    }
    return Arrays.stream(value.trim().split("\\s+"))
        .map(Scope::parse)
        .flatMap(java.util.Optional::stream)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
  }
}
