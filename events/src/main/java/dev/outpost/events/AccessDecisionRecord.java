package dev.outpost.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One access decision of the edge: on {@link Topic#ACCESS_DECISIONS}, keyed by application id. The
 * access-service keeps them as the tenant's access log; {@code id} makes re-deliveries harmless.
 *
 * @param policyId the policy that decided, null when none matched
 * @param decision what the edge did, for example {@code allow}, {@code deny}, {@code bypass}
 * @param email the end user's address, null for a service token or an anonymous request
 * @param serviceTokenId the service token presented, if one was
 * @param at when the edge decided
 */
public record AccessDecisionRecord(
    UUID id,
    UUID tenantId,
    UUID applicationId,
    UUID policyId,
    String decision,
    String email,
    UUID serviceTokenId,
    String clientIp,
    String host,
    String path,
    OffsetDateTime at) {

  public static final String TYPE = "dev.outpost.access.decision.v1";
}
