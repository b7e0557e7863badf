package dev.outpost.api.tenant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, UUID> {

  public Uni<TenantEntity> findBySlug(String slug) {
    return find("slug", slug).firstResult();
  }

  public Uni<List<TenantEntity>> listAllBySlug() {
    return list("order by slug");
  }
}
