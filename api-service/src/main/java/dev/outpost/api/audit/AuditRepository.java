package dev.outpost.api.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEventEntity, Long> {

  /** Newest first; {@code before} is the cursor: the id of the last event of the previous page. */
  public Uni<List<AuditEventEntity>> search(UUID tenantId, AuditQuery query, int limit) {
    var where = new StringBuilder("tenantId = :tenant");
    var parameters = Parameters.with("tenant", tenantId);
    if (query.before() != null) {
      where.append(" and id < :before");
      parameters.and("before", query.before());
    }
    if (query.action() != null) {
      where.append(" and action = :action");
      parameters.and("action", query.action());
    }
    if (query.resourceType() != null) {
      where.append(" and resourceType = :resourceType");
      parameters.and("resourceType", query.resourceType());
    }
    if (query.resourceId() != null) {
      where.append(" and resourceId = :resourceId");
      parameters.and("resourceId", query.resourceId());
    }
    if (query.actorId() != null) {
      where.append(" and actorId = :actorId");
      parameters.and("actorId", query.actorId());
    }
    if (query.since() != null) {
      where.append(" and occurredAt >= :since");
      parameters.and("since", query.since());
    }
    if (query.until() != null) {
      where.append(" and occurredAt < :until");
      parameters.and("until", query.until());
    }
    return find(where + " order by id desc", parameters).page(0, limit).list();
  }

  /** Filters of the audit log; null means "any". */
  public record AuditQuery(
      Long before,
      String action,
      String resourceType,
      String resourceId,
      String actorId,
      OffsetDateTime since,
      OffsetDateTime until) {}
}
