package dev.outpost.access.security;

import dev.outpost.service.problem.ProblemException;
import java.util.UUID;

/**
 * Who is calling, as the use cases see it: a member of one tenant, or a platform operator.
 *
 * @param tenantId the caller's tenant; null for a platform operator without a tenant
 * @param actorId the user's name, recorded on what they create
 * @param tenantAdmin holds the tenant-admin role: reads and writes the tenant's access settings
 * @param tenantViewer holds the tenant-viewer role: reads them
 * @param platformAdmin an operator of the platform: reads every tenant's access settings
 */
public record Caller(
    UUID tenantId,
    String actorId,
    boolean tenantAdmin,
    boolean tenantViewer,
    boolean platformAdmin) {

  /** The tenant a write goes to: the caller's own, and only for a tenant admin; 403 otherwise. */
  public UUID writableTenant() {
    if (tenantId == null) {
      throw ProblemException.forbidden("this caller belongs to no tenant");
    }
    if (!tenantAdmin) {
      throw ProblemException.forbidden("only a tenant admin may do this");
    }
    return tenantId;
  }

  /**
   * The tenant a read is limited to: the caller's own for a member, null (every tenant) for a
   * platform operator; 403 for anyone else.
   */
  public UUID readableTenant() {
    if (platformAdmin && tenantId == null) {
      return null;
    }
    if (tenantId == null) {
      throw ProblemException.forbidden("this caller belongs to no tenant");
    }
    if (!tenantAdmin && !tenantViewer && !platformAdmin) {
      throw ProblemException.forbidden("this needs the tenant-admin or tenant-viewer role");
    }
    return platformAdmin ? null : tenantId;
  }
}
