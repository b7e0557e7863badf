package dev.outpost.api.tunnel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Tunnel queries; each takes the tenant first, so no query can cross tenants. */
@ApplicationScoped
public class TunnelRepository implements PanacheRepositoryBase<TunnelEntity, UUID> {

  /** A tunnel of the tenant, deleted or not; null when the tenant has no such tunnel. */
  public Uni<TunnelEntity> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  /** Like {@link #findInTenant}, with the row locked until the transaction ends. */
  public Uni<TunnelEntity> lockInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /**
   * Live tunnels whose stored status may disagree with their connections: every connected one, and
   * every one that says it is serving. Idle tunnels that are {@code down} or {@code inactive} with
   * no connection are right already and are not returned. Platform-wide: for health recovery only.
   */
  public Uni<List<TunnelEntity>> listPossiblyStale() {
    return list(
        "deletedAt is null and (status in ('healthy', 'degraded') or exists (select 1 from"
            + " TunnelConnectionEntity c where c.tunnelId = id and c.closedAt is null))");
  }

  public Uni<TunnelEntity> findLiveByName(UUID tenantId, String name) {
    return find("tenantId = ?1 and name = ?2 and deletedAt is null", tenantId, name).firstResult();
  }

  /** Oldest first, keyset-paginated on (createdAt, id). */
  public Uni<List<TunnelEntity>> search(UUID tenantId, TunnelQuery query, int limit) {
    var where = new StringBuilder("tenantId = :tenant");
    var parameters = Parameters.with("tenant", tenantId);
    where.append(query.deleted() ? " and deletedAt is not null" : " and deletedAt is null");
    if (query.namePrefix() != null) {
      where.append(" and name like :prefix escape '!'");
      parameters.and("prefix", escapeLike(query.namePrefix()) + "%");
    }
    if (query.status() != null) {
      where.append(" and status = :status");
      parameters.and("status", query.status());
    }
    if (query.afterCreatedAt() != null) {
      where.append(" and (createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
      parameters.and("afterAt", query.afterCreatedAt()).and("afterId", query.afterId());
    }
    return find(where + " order by createdAt, id", parameters).page(0, limit).list();
  }

  private static String escapeLike(String value) {
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** Filters of the tunnel list; null means "any". */
  public record TunnelQuery(
      String namePrefix,
      String status,
      boolean deleted,
      OffsetDateTime afterCreatedAt,
      UUID afterId) {}
}
