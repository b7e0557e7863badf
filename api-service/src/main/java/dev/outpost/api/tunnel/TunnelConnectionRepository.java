package dev.outpost.api.tunnel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
}
