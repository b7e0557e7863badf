package dev.outpost.access.security;

import dev.outpost.access.tenant.TenantRepository;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the authenticated Keycloak user of the current request into a {@link Caller}, with the
 * same claims the api-service reads: the tenant's slug in {@code tenant}, the roles {@code
 * tenant-admin}, {@code tenant-viewer} and {@code platform-admin} in {@code roles}. The slug is
 * resolved through the tenants the api-service published.
 */
@ApplicationScoped
public class Callers {

  public static final String TENANT_CLAIM = "tenant";
  public static final String ROLE_PLATFORM_ADMIN = "platform-admin";
  public static final String ROLE_TENANT_ADMIN = "tenant-admin";
  public static final String ROLE_TENANT_VIEWER = "tenant-viewer";

  private final SecurityIdentity identity;
  private final TenantRepository tenants;

  Callers(SecurityIdentity identity, TenantRepository tenants) {
    this.identity = identity;
    this.tenants = tenants;
  }

  /** The caller of the current request; fails with 401 when it is anonymous. */
  public Uni<Caller> current() {
    if (identity.isAnonymous()) {
      return Uni.createFrom().failure(new UnauthorizedException());
    }
    var subject = subjectOf();
    boolean platformAdmin = identity.hasRole(ROLE_PLATFORM_ADMIN);
    boolean admin = identity.hasRole(ROLE_TENANT_ADMIN);
    boolean viewer = identity.hasRole(ROLE_TENANT_VIEWER);
    var slug = tenantClaim();
    if (slug == null) {
      return Uni.createFrom().item(new Caller(null, subject, false, false, platformAdmin));
    }
    // Not cached: a tenant deleted on the api-service stops working here at once.
    return Panache.withSession(() -> tenants.findBySlug(slug))
        .map(
            tenant -> {
              if (tenant == null) {
                throw ProblemException.forbidden(
                    "tenant '" + slug + "' is not provisioned on this platform; ask its operator");
              }
              return new Caller(tenant.id, subject, admin, viewer, platformAdmin);
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
}
