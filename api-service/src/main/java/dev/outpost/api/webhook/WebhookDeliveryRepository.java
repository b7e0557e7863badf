package dev.outpost.api.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deliveries and their attempts. Tenant-facing queries take the tenant first; the dispatcher's
 * queries ({@link #claimDue}, {@link #lock}) are platform-wide and say so.
 */
@ApplicationScoped
public class WebhookDeliveryRepository
    implements PanacheRepositoryBase<WebhookDeliveryEntity, UUID> {

  /**
   * An event to deliver: its id, webhook type, order key (the tunnel), the body to send and when it
   * happened (a subscription gets only what happened after it was created).
   */
  public record Event(
      UUID id, String type, String orderKey, String payload, OffsetDateTime occurredAt) {}

  private static final String INSERT =
      "INSERT INTO webhook_delivery (id, tenant_id, subscription_id, order_key, event_id,"
          + " event_type, payload, state, attempts, next_attempt_at, redelivery_of, created_at) ";

  /**
   * Queues {@code event} for every enabled subscription of the tenant that wants its type and
   * tunnel ({@code tunnelId} null: an event about no tunnel, for every such subscription); one that
   * has it already (the consumer saw the event again) is skipped. Returns how many deliveries were
   * queued.
   */
  public Uni<Integer> fanOut(UUID tenantId, UUID tunnelId, Event event, OffsetDateTime now) {
    var more = new HashMap<String, Object>();
    more.put("tenant", tenantId);
    more.put("tunnel", tunnelId);
    more.put("at", event.occurredAt());
    return insert(
        INSERT
            + "SELECT gen_random_uuid(), s.tenant_id, s.id, :key, :event, :type,"
            + " :payload, 'pending', 0, :now, NULL, :now FROM webhook_subscription s"
            + " WHERE s.tenant_id = :tenant AND s.enabled AND s.created_at <= :at"
            + " AND :type = ANY (string_to_array(s.event_types, ' '))"
            + " AND (s.tunnel_id IS NULL OR CAST(:tunnel AS uuid) IS NULL"
            + " OR s.tunnel_id = CAST(:tunnel AS uuid))"
            + " ON CONFLICT (subscription_id, event_id) WHERE redelivery_of IS NULL"
            + " DO NOTHING",
        event,
        now,
        more);
  }

  /** Queues {@code event} for one subscription: a test event, a redelivery, a notice. */
  public Uni<UUID> queue(
      UUID tenantId, UUID subscriptionId, Event event, UUID redeliveryOf, OffsetDateTime now) {
    var id = UUID.randomUUID();
    var more = new HashMap<String, Object>();
    more.put("id", id);
    more.put("tenant", tenantId);
    more.put("subscription", subscriptionId);
    more.put("redelivery", redeliveryOf);
    return insert(
            INSERT
                + "VALUES (:id, :tenant, :subscription, :key, :event, :type, :payload,"
                + " 'pending', 0, :now, :redelivery, :now)",
            event,
            now,
            more)
        .replaceWith(id);
  }

  private Uni<Integer> insert(
      String sql, Event event, OffsetDateTime now, Map<String, Object> parameters) {
    return getSession()
        .flatMap(
            session -> {
              var query =
                  session
                      .createNativeQuery(sql)
                      .setParameter("key", event.orderKey())
                      .setParameter("event", event.id())
                      .setParameter("type", event.type())
                      .setParameter("payload", event.payload())
                      .setParameter("now", now);
              parameters.forEach(query::setParameter);
              return query.executeUpdate();
            });
  }

  /**
   * Claims up to {@code limit} due deliveries for this dispatcher until {@code leaseUntil}:
   * pending, due, not claimed by another dispatcher, of an enabled subscription, and each the
   * oldest pending one of its subscription and order key (so one tunnel's events go out one after
   * the other, in order). Rows another transaction is claiming are skipped, not waited for, so
   * replicas claim side by side without sending anything twice. Platform-wide: for the dispatcher
   * only.
   */
  public Uni<List<WebhookDeliveryEntity>> claimDue(
      OffsetDateTime now, int limit, OffsetDateTime leaseUntil) {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "WITH due AS (SELECT d.id FROM webhook_delivery d"
                            + " JOIN webhook_subscription s ON s.id = d.subscription_id"
                            + " WHERE d.state = 'pending' AND s.enabled AND d.next_attempt_at <= :now"
                            + " AND (d.leased_until IS NULL OR d.leased_until <= :now)"
                            + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery e"
                            + " WHERE e.subscription_id = d.subscription_id"
                            + " AND e.order_key = d.order_key AND e.state = 'pending'"
                            + " AND e.seq < d.seq)"
                            + " ORDER BY d.next_attempt_at, d.seq LIMIT :limit"
                            + " FOR UPDATE OF d SKIP LOCKED)"
                            + " UPDATE webhook_delivery w SET leased_until = :lease FROM due"
                            + " WHERE w.id = due.id RETURNING w.*",
                        WebhookDeliveryEntity.class)
                    .setParameter("now", now)
                    .setParameter("limit", limit)
                    .setParameter("lease", leaseUntil)
                    .getResultList());
  }

  /** A delivery, locked for recording an attempt. Platform-wide: for the dispatcher only. */
  public Uni<WebhookDeliveryEntity> lock(UUID id) {
    return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
  }

  /** Pending deliveries of a subscription that was enabled again are due at once. */
  public Uni<Integer> resume(UUID tenantId, UUID subscriptionId, OffsetDateTime now) {
    return update(
        "nextAttemptAt = ?1, leasedUntil = null where tenantId = ?2 and subscriptionId = ?3"
            + " and state = 'pending'",
        now,
        tenantId,
        subscriptionId);
  }

  public Uni<WebhookDeliveryEntity> findInTenant(
      UUID tenantId, UUID subscriptionId, UUID deliveryId) {
    return find(
            "tenantId = ?1 and subscriptionId = ?2 and id = ?3",
            tenantId,
            subscriptionId,
            deliveryId)
        .firstResult();
  }

  /** A subscription's deliveries, newest first, keyset-paginated on seq. */
  public Uni<List<WebhookDeliveryEntity>> page(
      UUID tenantId, UUID subscriptionId, Long beforeSeq, int limit) {
    return beforeSeq == null
        ? find("tenantId = ?1 and subscriptionId = ?2 order by seq desc", tenantId, subscriptionId)
            .page(0, limit)
            .list()
        : find(
                "tenantId = ?1 and subscriptionId = ?2 and seq < ?3 order by seq desc",
                tenantId,
                subscriptionId,
                beforeSeq)
            .page(0, limit)
            .list();
  }

  /** The attempts of these deliveries, oldest first. */
  public Uni<List<WebhookAttemptEntity>> attemptsOf(Collection<UUID> deliveryIds) {
    if (deliveryIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return getSession()
        .flatMap(
            session ->
                session
                    .createQuery(
                        "from WebhookAttemptEntity where deliveryId in :ids order by id",
                        WebhookAttemptEntity.class)
                    .setParameter("ids", deliveryIds)
                    .getResultList());
  }

  public Uni<Void> persistAttempt(WebhookAttemptEntity attempt) {
    return getSession().flatMap(session -> session.persist(attempt));
  }
}
