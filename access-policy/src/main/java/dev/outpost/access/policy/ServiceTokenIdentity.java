package dev.outpost.access.policy;

import java.util.Objects;
import java.util.UUID;

/**
 * A service token whose client id and secret the router has already checked.
 *
 * @param tokenId the token's id, which {@code service_token} selectors name
 * @param clientId the client id the request presented, for the access log
 * @param tenantId the tenant that owns the token: it matches only that tenant's applications
 */
public record ServiceTokenIdentity(UUID tokenId, String clientId, UUID tenantId) {

  public ServiceTokenIdentity {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(tenantId, "tenantId");
  }
}
