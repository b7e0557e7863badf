package dev.outpost.access.accesslog;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Queries on the access log. A null {@code visibleTo} means every tenant (an operator's read). */
@ApplicationScoped
public class AccessDecisionRepository implements PanacheRepositoryBase<AccessDecisionEntity, UUID> {

  /** What a query of the log filters by; null fields do not filter. */
  public record Filter(
      UUID applicationId,
      String email,
      String decision,
      OffsetDateTime since,
      OffsetDateTime until) {}

  /** Newest first, after the cursor's position ({@code beforeAt}, {@code beforeId}). */
  public Uni<List<AccessDecisionEntity>> listVisible(
      UUID visibleTo, Filter filter, OffsetDateTime beforeAt, UUID beforeId, int limit) {
    var where = new StringBuilder("1 = 1");
    var parameters = new ArrayList<Object>();
    if (visibleTo != null) {
      parameters.add(visibleTo);
      where.append(" and tenantId = ?").append(parameters.size());
    }
    if (filter.applicationId() != null) {
      parameters.add(filter.applicationId());
      where.append(" and applicationId = ?").append(parameters.size());
    }
    if (filter.email() != null) {
      parameters.add(filter.email());
      where.append(" and email = ?").append(parameters.size());
    }
    if (filter.decision() != null) {
      parameters.add(filter.decision());
      where.append(" and decision = ?").append(parameters.size());
    }
    if (filter.since() != null) {
      parameters.add(filter.since());
      where.append(" and decidedAt >= ?").append(parameters.size());
    }
    if (filter.until() != null) {
      parameters.add(filter.until());
      where.append(" and decidedAt < ?").append(parameters.size());
    }
    if (beforeAt != null) {
      parameters.add(beforeAt);
      int at = parameters.size();
      parameters.add(beforeId);
      int id = parameters.size();
      where
          .append(" and (decidedAt < ?")
          .append(at)
          .append(" or (decidedAt = ?")
          .append(at)
          .append(" and id < ?")
          .append(id)
          .append("))");
    }
    return find(where + " order by decidedAt desc, id desc", parameters.toArray())
        .page(0, limit)
        .list();
  }
}
