package dev.outpost.access.servicetoken;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/**
 * Queries on service tokens. Every method takes the tenant first; where it is named {@code
 * visibleTo}, a null tenant means every tenant (a platform operator's read).
 */
@ApplicationScoped
public class ServiceTokenRepository implements PanacheRepositoryBase<ServiceTokenEntity, UUID> {

  public Uni<List<ServiceTokenEntity>> listInTenant(UUID tenantId, List<UUID> ids) {
    return list("tenantId = ?1 and id in ?2", tenantId, ids);
  }

  public Uni<ServiceTokenEntity> findVisible(UUID visibleTo, UUID id) {
    return visibleTo == null
        ? findById(id)
        : find("tenantId = ?1 and id = ?2", visibleTo, id).firstResult();
  }

  /**
   * Any tenant's token by its client id, for the token exchange only: the client id is the public
   * half of a credential, unique on the platform, and the exchange shows nothing of the token.
   */
  public Uni<ServiceTokenEntity> findByClientId(String clientId) {
    return find("clientId", clientId).firstResult();
  }

  public Uni<ServiceTokenEntity> lockInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** In id order, after the cursor's id. */
  public Uni<List<ServiceTokenEntity>> listVisible(UUID visibleTo, String afterId, int limit) {
    var where = new StringBuilder("1 = 1");
    var parameters = new java.util.ArrayList<Object>();
    if (visibleTo != null) {
      parameters.add(visibleTo);
      where.append(" and tenantId = ?").append(parameters.size());
    }
    if (afterId != null) {
      parameters.add(UUID.fromString(afterId));
      where.append(" and id > ?").append(parameters.size());
    }
    return find(where + " order by id", parameters.toArray()).page(0, limit).list();
  }
}
