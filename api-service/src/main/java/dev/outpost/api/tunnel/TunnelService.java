package dev.outpost.api.tunnel;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.route.RouteService;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.api.tunnel.TunnelRepository.TunnelQuery;
import dev.outpost.api.web.TimeIdCursor;
import dev.outpost.events.TunnelLifecycleEvent;
import dev.outpost.protocol.TunnelToken;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Tunnels of a tenant: create, list, read, rename, rotate the secret, hand out the token, delete.
 */
@ApplicationScoped
public class TunnelService {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  static final Set<String> CONFIG_SOURCES = Set.of("local", "remote");
  static final Set<String> STATUSES = Set.of("inactive", "healthy", "degraded", "down");

  private final TunnelRepository tunnels;
  private final TunnelConnectionRepository connections;
  private final TunnelSecrets secrets;
  private final TunnelEvents events;
  private final RouteService routes;
  private final AuditLog audit;

  TunnelService(
      TunnelRepository tunnels,
      TunnelConnectionRepository connections,
      TunnelSecrets secrets,
      TunnelEvents events,
      RouteService routes,
      AuditLog audit) {
    this.tunnels = tunnels;
    this.connections = connections;
    this.secrets = secrets;
    this.events = events;
    this.routes = routes;
    this.audit = audit;
  }

  /** A tunnel and, right after creation or rotation, its token. */
  public record TunnelWithToken(TunnelViews.TunnelView tunnel, String token) {}

  @WithTransaction
  public Uni<TunnelWithToken> create(Caller caller, String name, String configSource) {
    caller.require(Scope.TUNNELS_WRITE);
    var source = configSource == null ? "local" : configSource;
    requireName(name);
    if (!CONFIG_SOURCES.contains(source)) {
      throw ProblemException.invalid("configSource", "must be 'local' or 'remote'");
    }
    var tenant = caller.tenant();
    return requireNameFree(tenant, name)
        .flatMap(
            free -> {
              var tunnel = new TunnelEntity();
              tunnel.id = UUID.randomUUID();
              tunnel.tenantId = tenant;
              tunnel.name = name;
              tunnel.configSource = source;
              tunnel.status = "inactive";
              tunnel.secretGeneration = 1;
              tunnel.secretHash = secrets.hash(tunnel.id, 1);
              tunnel.revision = 1;
              tunnel.configVersion = 0;
              tunnel.createdAt = OffsetDateTime.now();
              return tunnels.persist(tunnel);
            })
        .call(tunnel -> events.changed(tunnel, TunnelLifecycleEvent.CREATED))
        .call(
            tunnel ->
                audit.record(
                    caller,
                    "tunnel.created",
                    "tunnel",
                    tunnel.id.toString(),
                    Map.of("name", name, "configSource", source)))
        .map(tunnel -> new TunnelWithToken(TunnelViews.of(tunnel), token(tunnel)));
  }

  @WithSession
  public Uni<Page<TunnelViews.TunnelView>> list(
      Caller caller,
      String namePrefix,
      String status,
      boolean deleted,
      Integer limit,
      String cursor) {
    caller.require(Scope.TUNNELS_READ);
    if (status != null && !STATUSES.contains(status)) {
      throw ProblemException.invalid("status", "must be one of " + String.join(", ", STATUSES));
    }
    int size = Page.size(limit);
    var after = TimeIdCursor.decode(cursor);
    var query =
        new TunnelQuery(
            namePrefix,
            status,
            deleted,
            after == null ? null : after.createdAt(),
            after == null ? null : after.id());
    return tunnels
        .search(caller.tenant(), query, size + 1)
        .map(
            found ->
                Page.of(found.stream().map(TunnelViews::of).toList(), size, TunnelViews::cursorOf));
  }

  @WithSession
  public Uni<TunnelViews.TunnelDetail> get(Caller caller, UUID id) {
    caller.require(Scope.TUNNELS_READ);
    return existing(caller, id)
        .flatMap(
            tunnel ->
                connections
                    .listOpen(caller.tenant(), tunnel.id)
                    .map(open -> TunnelViews.detail(tunnel, open)));
  }

  @WithTransaction
  public Uni<TunnelViews.TunnelView> rename(Caller caller, UUID id, String name) {
    caller.require(Scope.TUNNELS_WRITE);
    requireName(name);
    return live(caller, id)
        .flatMap(
            tunnel -> {
              if (tunnel.name.equals(name)) {
                return Uni.createFrom().item(tunnel);
              }
              var before = tunnel.name;
              return requireNameFree(caller.tenant(), name)
                  .map(
                      free -> {
                        tunnel.name = name;
                        tunnel.revision++;
                        return tunnel;
                      })
                  .call(t -> events.changed(t, TunnelLifecycleEvent.RENAMED))
                  .call(
                      t ->
                          audit.record(
                              caller,
                              "tunnel.renamed",
                              "tunnel",
                              t.id.toString(),
                              Map.of("from", before, "to", name)));
            })
        .map(TunnelViews::of);
  }

  /**
   * Gives the tunnel a new secret. Routers see the new hash in the configuration record: the old
   * token stops working for new connections, and they close the connections made with it.
   */
  @WithTransaction
  public Uni<TunnelWithToken> rotateSecret(Caller caller, UUID id) {
    caller.require(Scope.TUNNELS_WRITE);
    return live(caller, id)
        .map(
            tunnel -> {
              tunnel.secretGeneration++;
              tunnel.secretHash = secrets.hash(tunnel.id, tunnel.secretGeneration);
              tunnel.revision++;
              return tunnel;
            })
        .call(tunnel -> events.changed(tunnel, TunnelLifecycleEvent.SECRET_ROTATED))
        .call(
            tunnel ->
                audit.record(
                    caller,
                    "tunnel.secret-rotated",
                    "tunnel",
                    tunnel.id.toString(),
                    Map.of("generation", tunnel.secretGeneration)))
        .map(tunnel -> new TunnelWithToken(TunnelViews.of(tunnel), token(tunnel)));
  }

  /** The token again; tenant admins only, and the read is audited. */
  @WithTransaction
  public Uni<String> token(Caller caller, UUID id) {
    caller.require(Scope.TUNNELS_READ).requireTenantAdmin();
    return live(caller, id)
        .call(
            tunnel ->
                audit.record(caller, "tunnel.token-read", "tunnel", tunnel.id.toString(), Map.of()))
        .map(this::token);
  }

  /**
   * Deletes the tunnel and unbinds its hostnames. Refused while connectors are connected, unless
   * {@code force}: then routers close those connections when they see the deleted record.
   */
  @WithTransaction
  public Uni<Void> delete(Caller caller, UUID id, boolean force) {
    caller.require(Scope.TUNNELS_WRITE);
    return live(caller, id)
        .call(
            tunnel ->
                connections
                    .countOpen(caller.tenant(), tunnel.id)
                    .invoke(
                        open -> {
                          if (open > 0 && !force) {
                            throw ProblemException.conflict(
                                "tunnel has "
                                    + open
                                    + " active connection(s); stop its connectors, or delete with"
                                    + " force=true");
                          }
                        }))
        .call(tunnel -> routes.unbindAllOf(caller, tunnel.id))
        .map(
            tunnel -> {
              tunnel.deletedAt = OffsetDateTime.now();
              tunnel.revision++;
              return tunnel;
            })
        .call(tunnel -> events.changed(tunnel, TunnelLifecycleEvent.DELETED))
        .call(
            tunnel ->
                audit.record(
                    caller,
                    "tunnel.deleted",
                    "tunnel",
                    tunnel.id.toString(),
                    Map.of("force", force)))
        .replaceWithVoid();
  }

  @WithSession
  public Uni<java.util.List<TunnelViews.ConnectionView>> connections(Caller caller, UUID id) {
    caller.require(Scope.TUNNELS_READ);
    return existing(caller, id)
        .flatMap(tunnel -> connections.listOpen(caller.tenant(), tunnel.id))
        .map(open -> open.stream().map(TunnelViews::connection).toList());
  }

  /** A tunnel of the caller's tenant, deleted or not; 404 otherwise (never 403). */
  Uni<TunnelEntity> existing(Caller caller, UUID id) {
    return tunnels
        .findInTenant(caller.tenant(), id)
        .map(
            tunnel -> {
              if (tunnel == null) {
                throw ProblemException.notFound("tunnel " + id);
              }
              return tunnel;
            });
  }

  /** A tunnel of the caller's tenant that is not deleted. */
  public Uni<TunnelEntity> live(Caller caller, UUID id) {
    return existing(caller, id)
        .map(
            tunnel -> {
              if (tunnel.deletedAt != null) {
                throw ProblemException.conflict("tunnel " + id + " is deleted");
              }
              return tunnel;
            });
  }

  private Uni<Boolean> requireNameFree(UUID tenant, String name) {
    return tunnels
        .findLiveByName(tenant, name)
        .map(
            existing -> {
              if (existing != null) {
                throw ProblemException.conflict("a tunnel named '" + name + "' exists already");
              }
              return true;
            });
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalid(
          "name",
          "must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit");
    }
  }

  private String token(TunnelEntity tunnel) {
    return new TunnelToken(
            tunnel.tenantId, tunnel.id, secrets.secret(tunnel.id, tunnel.secretGeneration))
        .encode();
  }
}
