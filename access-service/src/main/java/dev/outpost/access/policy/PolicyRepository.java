package dev.outpost.access.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Queries on policies; every method takes the application's tenant first. */
@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyEntity, UUID> {

  /** The application's policies in evaluation order. */
  public Uni<List<PolicyEntity>> listOfApplication(UUID tenantId, UUID applicationId) {
    return list(
        "tenantId = ?1 and applicationId = ?2 order by precedence", tenantId, applicationId);
  }
}
