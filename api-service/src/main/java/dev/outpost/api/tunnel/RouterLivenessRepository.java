package dev.outpost.api.tunnel;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** When each router that sends heartbeats was last heard from. Platform-wide, not a tenant's. */
@ApplicationScoped
public class RouterLivenessRepository {

  /**
   * Upserts; a newer {@code reportsSince} replaces the stored one (the router restarted, or
   * reported its connections again), an older one (a late heartbeat) does not.
   */
  public Uni<Void> record(String routerId, OffsetDateTime reportsSince, OffsetDateTime seenAt) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO router_liveness (router_id, reports_since, last_seen_at)"
                            + " VALUES (:router, :started, :seen) ON CONFLICT (router_id) DO UPDATE"
                            + " SET reports_since = GREATEST(router_liveness.reports_since,"
                            + " EXCLUDED.reports_since), last_seen_at = EXCLUDED.last_seen_at")
                    .setParameter("router", routerId)
                    .setParameter("started", reportsSince)
                    .setParameter("seen", seenAt)
                    .executeUpdate())
        .replaceWithVoid();
  }

  /** A router that sends heartbeats was heard from; a router that never sent one stays unlisted. */
  public Uni<Void> touch(String routerId, OffsetDateTime seenAt) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "UPDATE router_liveness SET last_seen_at = GREATEST(last_seen_at, :seen)"
                            + " WHERE router_id = :router")
                    .setParameter("router", routerId)
                    .setParameter("seen", seenAt)
                    .executeUpdate())
        .replaceWithVoid();
  }
}
