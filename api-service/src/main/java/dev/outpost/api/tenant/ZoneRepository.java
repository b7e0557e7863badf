package dev.outpost.api.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ZoneRepository implements PanacheRepositoryBase<ZoneEntity, String> {

  /** Zones equal to {@code name}, inside it, or containing it. */
  public Uni<List<ZoneEntity>> listOverlapping(String name) {
    return list("name = ?1 or name like ?2 or ?1 like concat('%.', name)", name, "%." + name);
  }

  public Uni<List<ZoneEntity>> listByTenant(UUID tenantId) {
    return list("tenantId = ?1 order by name", tenantId);
  }
}
