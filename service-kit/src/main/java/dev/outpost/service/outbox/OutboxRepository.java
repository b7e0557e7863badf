package dev.outpost.service.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Queries on the outbox. The outbox is the platform's, not a tenant's: its rows carry events of
 * every tenant, and only the relay reads them.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEventEntity, Long> {

  /**
   * The oldest unpublished events, locked for this transaction. SKIP LOCKED lets several replicas
   * of a service relay side by side without publishing an event twice.
   */
  public Uni<List<OutboxEventEntity>> lockOldestUnpublished(int limit) {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT * FROM outbox_event WHERE published_at IS NULL"
                            + " ORDER BY sequence LIMIT :limit FOR UPDATE SKIP LOCKED",
                        OutboxEventEntity.class)
                    .setParameter("limit", limit)
                    .getResultList());
  }

  /** The cluster-wide relay lock, held until the transaction ends; false if another holds it. */
  public Uni<Boolean> tryRelayLock() {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                    .getSingleResult());
  }

  /** An arbitrary constant naming the relay's advisory lock in this database. */
  static final long RELAY_LOCK = 0x6f7574626f78L; // "outbox"

  public Uni<OutboxEventEntity> findByEventId(UUID eventId) {
    return find("eventId", eventId).firstResult();
  }

  public Uni<Long> deletePublishedBefore(OffsetDateTime cutoff) {
    return delete("publishedAt < ?1", cutoff);
  }
}
