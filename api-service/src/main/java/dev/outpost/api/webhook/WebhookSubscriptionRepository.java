package dev.outpost.api.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Webhook subscription queries; the tenant comes first wherever a tenant asks. */
@ApplicationScoped
public class WebhookSubscriptionRepository
    implements PanacheRepositoryBase<WebhookSubscriptionEntity, UUID> {

  public Uni<WebhookSubscriptionEntity> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  /** Like {@link #findInTenant}, with the row locked until the transaction ends. */
  public Uni<WebhookSubscriptionEntity> lockInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** Oldest first, keyset-paginated on (createdAt, id). */
  public Uni<List<WebhookSubscriptionEntity>> page(
      UUID tenantId, OffsetDateTime afterCreatedAt, UUID afterId, int limit) {
    var where = new StringBuilder("tenantId = :tenant");
    var parameters = Parameters.with("tenant", tenantId);
    if (afterCreatedAt != null) {
      where.append(" and (createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
      parameters.and("afterAt", afterCreatedAt).and("afterId", afterId);
    }
    return find(where + " order by createdAt, id", parameters).page(0, limit).list();
  }

  /** The subscriptions of claimed deliveries, whatever their tenant: for the dispatcher only. */
  public Uni<List<WebhookSubscriptionEntity>> findAll(Collection<UUID> ids) {
    return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
  }
}
