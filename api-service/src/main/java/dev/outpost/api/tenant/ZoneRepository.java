package dev.outpost.api.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ZoneRepository implements PanacheRepositoryBase<ZoneEntity, String> {

  public Uni<List<ZoneEntity>> listByTenant(UUID tenantId) {
    return list("tenantId = ?1 order by name", tenantId);
  }
}
