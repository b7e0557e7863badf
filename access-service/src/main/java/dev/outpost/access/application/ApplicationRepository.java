package dev.outpost.access.application;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Queries on applications. Every method takes the tenant first; where it is named {@code
 * visibleTo}, a null tenant means every tenant (a platform operator's read).
 */
@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<ApplicationEntity, UUID> {

  public Uni<ApplicationEntity> findVisible(UUID visibleTo, UUID id) {
    return visibleTo == null
        ? findById(id)
        : find("tenantId = ?1 and id = ?2", visibleTo, id).firstResult();
  }

  /**
   * Any tenant's application, for the end users' login only: its link names the application, and
   * the login shows nothing of it but its name and hostname.
   */
  public Uni<ApplicationEntity> findForLogin(UUID id) {
    return findById(id);
  }

  /** The tenant's application, locked until the transaction ends (changes are serialized). */
  public Uni<ApplicationEntity> lockInTenant(UUID tenantId, UUID id) {
    return find("tenantId = ?1 and id = ?2", tenantId, id)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult();
  }

  /** Whoever's application protects exactly this hostname and path prefix. */
  public Uni<ApplicationEntity> findAt(String hostname, String pathPrefix) {
    return find("hostname = ?1 and pathPrefix = ?2", hostname, pathPrefix).firstResult();
  }

  /** A page ordered by hostname then path prefix, after the cursor's position. */
  public Uni<List<ApplicationEntity>> listVisible(
      UUID visibleTo, String hostname, String afterHostname, String afterPath, int limit) {
    var where = new StringBuilder("1 = 1");
    var parameters = new ArrayList<Object>();
    if (visibleTo != null) {
      parameters.add(visibleTo);
      where.append(" and tenantId = ?").append(parameters.size());
    }
    if (hostname != null) {
      parameters.add(hostname);
      where.append(" and hostname = ?").append(parameters.size());
    }
    if (afterHostname != null) {
      parameters.add(afterHostname);
      int h = parameters.size();
      parameters.add(afterPath);
      int p = parameters.size();
      where
          .append(" and (hostname > ?")
          .append(h)
          .append(" or (hostname = ?")
          .append(h)
          .append(" and pathPrefix > ?")
          .append(p)
          .append("))");
    }
    return find(where + " order by hostname, pathPrefix", parameters.toArray())
        .page(0, limit)
        .list();
  }
}
