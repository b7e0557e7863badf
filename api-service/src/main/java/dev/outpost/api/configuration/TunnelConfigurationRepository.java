package dev.outpost.api.configuration;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Versions of tunnels' configurations. Callers check the tunnel's tenant before asking. */
@ApplicationScoped
public class TunnelConfigurationRepository
    implements PanacheRepositoryBase<TunnelConfigurationEntity, TunnelConfigurationEntity.Key> {

  public Uni<TunnelConfigurationEntity> findVersion(UUID tunnelId, int version) {
    return find("tunnelId = ?1 and version = ?2", tunnelId, version).firstResult();
  }

  /** Newest first. */
  public Uni<List<TunnelConfigurationEntity>> history(
      UUID tunnelId, Integer beforeVersion, int limit) {
    if (beforeVersion == null) {
      return find("tunnelId = ?1 order by version desc", tunnelId).page(0, limit).list();
    }
    return find("tunnelId = ?1 and version < ?2 order by version desc", tunnelId, beforeVersion)
        .page(0, limit)
        .list();
  }
}
