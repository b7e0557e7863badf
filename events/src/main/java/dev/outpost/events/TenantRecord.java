package dev.outpost.events;

import java.util.List;
import java.util.UUID;

/**
 * A tenant and the zones (domains) assigned to it: on {@link Topic#TENANTS}, keyed by tenant id,
 * newest {@code revision} wins. A deleted tenant gets a tombstone (a null value) for its key.
 *
 * @param slug the identifier staff tokens carry in their {@code tenant} claim
 * @param zones the tenant's zones, lower case, sorted; hostnames of the tenant lie in one of them
 * @param revision grows with every change of the tenant or its zones
 */
public record TenantRecord(UUID id, String slug, List<String> zones, long revision) {

  public static final String TYPE = "dev.outpost.tenant.v1";
}
