package dev.outpost.api.security;

import dev.outpost.service.problem.ProblemException;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as the use cases see it: a member of one tenant (a Keycloak user or an API token
 * of that tenant) or a platform operator.
 *
 * @param tenantId the caller's tenant; null for a platform operator without a tenant
 * @param actorType {@code user} or {@code api-token}
 * @param actorId the user's subject or the API token's id, for the audit log
 * @param scopes what the caller may do within its tenant
 * @param tenantAdmin a user with the tenant-admin role (manages API tokens, reads tunnel tokens)
 * @param platformAdmin an operator of the platform (creates tenants and assigns zones)
 * @param sourceAddress the client's address, for the audit log
 */
public record Caller(
    UUID tenantId,
    String actorType,
    String actorId,
    Set<Scope> scopes,
    boolean tenantAdmin,
    boolean platformAdmin,
    String sourceAddress) {

  public static final String USER = "user";
  public static final String API_TOKEN = "api-token";

  /** The caller's tenant, or 403 for a caller that belongs to none. */
  public UUID tenant() {
    if (tenantId == null) {
      throw ProblemException.forbidden("this caller belongs to no tenant");
    }
    return tenantId;
  }

  /** Refuses with 403 unless the caller holds {@code scope}. */
  public Caller require(Scope scope) {
    tenant();
    if (!scopes.contains(scope)) {
      throw ProblemException.forbidden("this needs the " + scope.value() + " scope");
    }
    return this;
  }

  /** Refuses with 403 unless the caller is a tenant admin user. */
  public Caller requireTenantAdmin() {
    tenant();
    if (!tenantAdmin) {
      throw ProblemException.forbidden("only a tenant admin may do this");
    }
    return this;
  }

  /**
   * Refuses with 403 unless the caller is a person of the tenant (an admin or a viewer), not an API
   * token: what people may read about the tenant's own credentials.
   */
  public Caller requireTenantUser() {
    tenant();
    if (!USER.equals(actorType) || (!tenantAdmin && scopes.isEmpty())) {
      throw ProblemException.forbidden("only the tenant's admins and viewers may do this");
    }
    return this;
  }

  public Caller requirePlatformAdmin() {
    if (!platformAdmin) {
      throw ProblemException.forbidden("only a platform operator may do this");
    }
    return this;
  }
}
