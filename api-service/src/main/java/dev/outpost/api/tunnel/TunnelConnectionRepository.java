package dev.outpost.api.tunnel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TunnelConnectionRepository
    implements PanacheRepositoryBase<TunnelConnectionEntity, UUID> {

  public Uni<List<TunnelConnectionEntity>> listOpen(UUID tenantId, UUID tunnelId) {
    return list(
        "tenantId = ?1 and tunnelId = ?2 and closedAt is null order by openedAt, id",
        tenantId,
        tunnelId);
  }

  public Uni<Long> countOpen(UUID tenantId, UUID tunnelId) {
    return count("tenantId = ?1 and tunnelId = ?2 and closedAt is null", tenantId, tunnelId);
  }

  /**
   * Other connections of the connector that applied {@code version} or newer already (this one's
   * change is not flushed yet, so it is not counted).
   */
  public Uni<Long> countConnectorAtVersion(
      UUID tenantId, UUID tunnelId, UUID connectorId, int version) {
    return count(
        "tenantId = ?1 and tunnelId = ?2 and connectorId = ?3 and configVersionApplied >= ?4",
        tenantId,
        tunnelId,
        connectorId,
        version);
  }

  /**
   * Open connections of routers presumed dead: silent since {@code cutoff}; or connections a router
   * last reported before its current {@code reportsSince} (it restarted, or reported what it holds
   * again and these were not among it). Platform-wide: for the liveness sweep only.
   */
  public Uni<List<TunnelConnectionEntity>> listOfDeadRouters(OffsetDateTime cutoff) {
    return deadRouters(cutoff, null);
  }

  /** Like {@link #listOfDeadRouters}, for one tunnel: checked again under the tunnel's lock. */
  public Uni<List<TunnelConnectionEntity>> listOfDeadRouters(OffsetDateTime cutoff, UUID tunnelId) {
    return deadRouters(cutoff, tunnelId);
  }

  private Uni<List<TunnelConnectionEntity>> deadRouters(OffsetDateTime cutoff, UUID tunnelId) {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT c.* FROM tunnel_connection c JOIN router_liveness r"
                            + " ON r.router_id = c.router_id WHERE c.closed_at IS NULL"
                            + " AND (r.last_seen_at < :cutoff OR c.reported_at < r.reports_since)"
                            + " AND (CAST(:tunnel AS uuid) IS NULL"
                            + " OR c.tunnel_id = CAST(:tunnel AS uuid))"
                            + " ORDER BY c.tunnel_id",
                        TunnelConnectionEntity.class)
                    .setParameter("cutoff", cutoff)
                    .setParameter("tunnel", tunnelId)
                    .getResultList());
  }
}
