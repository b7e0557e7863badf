package dev.outpost.api.tunnel;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** When each router that sends heartbeats was last heard from. Platform-wide, not a tenant's. */
@ApplicationScoped
public class RouterLivenessRepository {

  /** Upserts; a newer {@code startedAt} replaces the stored one (the router restarted). */
  public Uni<Void> record(String routerId, OffsetDateTime startedAt, OffsetDateTime seenAt) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO router_liveness (router_id, started_at, last_seen_at)"
                            + " VALUES (:router, :started, :seen) ON CONFLICT (router_id) DO UPDATE"
                            + " SET started_at = GREATEST(router_liveness.started_at,"
                            + " EXCLUDED.started_at), last_seen_at = EXCLUDED.last_seen_at")
                    .setParameter("router", routerId)
                    .setParameter("started", startedAt)
                    .setParameter("seen", seenAt)
                    .executeUpdate())
        .replaceWithVoid();
  }
}
