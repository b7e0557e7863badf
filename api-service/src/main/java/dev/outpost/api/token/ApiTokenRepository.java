package dev.outpost.api.token;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiTokenEntity, UUID> {

  public Uni<ApiTokenEntity> findBySecretHash(String secretHash) {
    return find("secretHash", secretHash).firstResult();
  }

  public Uni<ApiTokenEntity> findInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
  }

  public Uni<List<ApiTokenEntity>> listInTenant(UUID tenantId) {
    return list("tenantId = ?1 order by createdAt, id", tenantId);
  }
}
