package dev.outpost.api.route;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class HostnameRouteRepository implements PanacheRepositoryBase<HostnameRouteEntity, String> {

  public Uni<HostnameRouteEntity> findInTenant(UUID tenantId, String hostname) {
    return find("tenantId = ?1 and hostname = ?2", tenantId, hostname).firstResult();
  }

  public Uni<List<HostnameRouteEntity>> listInTenant(
      UUID tenantId, UUID tunnelId, String after, int limit) {
    var where = new StringBuilder("tenantId = ?1");
    var parameters = new java.util.ArrayList<Object>(List.of(tenantId));
    if (tunnelId != null) {
      parameters.add(tunnelId);
      where.append(" and tunnelId = ?").append(parameters.size());
    }
    if (after != null) {
      parameters.add(after);
      where.append(" and hostname > ?").append(parameters.size());
    }
    return find(where + " order by hostname", parameters.toArray()).page(0, limit).list();
  }

  public Uni<List<HostnameRouteEntity>> listOfTunnel(UUID tenantId, UUID tunnelId) {
    return list("tenantId = ?1 and tunnelId = ?2", tenantId, tunnelId);
  }
}
