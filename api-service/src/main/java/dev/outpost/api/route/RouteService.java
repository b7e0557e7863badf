package dev.outpost.api.route;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.api.tenant.TenantService;
import dev.outpost.api.tunnel.TunnelEvents;
import dev.outpost.api.tunnel.TunnelRepository;
import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.service.hostname.Hostnames;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Hostname routes: a hostname (or {@code *.} wildcard) in one of the tenant's zones, bound to one
 * of its tunnels. A hostname belongs to at most one tunnel on the whole platform.
 */
@ApplicationScoped
public class RouteService {

  private final HostnameRouteRepository routes;
  private final TunnelRepository tunnels;
  private final TenantService tenants;
  private final TunnelEvents events;
  private final AuditLog audit;

  RouteService(
      HostnameRouteRepository routes,
      TunnelRepository tunnels,
      TenantService tenants,
      TunnelEvents events,
      AuditLog audit) {
    this.routes = routes;
    this.tunnels = tunnels;
    this.tenants = tenants;
    this.events = events;
    this.audit = audit;
  }

  public record RouteView(String hostname, UUID tunnelId, OffsetDateTime createdAt) {}

  @WithTransaction
  public Uni<RouteView> bind(Caller caller, String hostname, UUID tunnelId) {
    caller.require(Scope.ROUTES_WRITE);
    var parsed = Hostnames.parse(hostname, true);
    if (parsed.error() != null) {
      throw ProblemException.invalid("hostname", parsed.error());
    }
    if (tunnelId == null) {
      throw ProblemException.invalid("tunnelId", "is required");
    }
    var host = parsed.hostname();
    var tenant = caller.tenant();
    return tenants
        .zoneNames(tenant)
        .invoke(
            zones -> {
              if (zones.stream().noneMatch(zone -> Hostnames.within(host, zone))) {
                throw ProblemException.invalid(
                    "hostname",
                    host
                        + " is in none of your zones"
                        + (zones.isEmpty()
                            ? " (you have none yet)"
                            : " (" + String.join(", ", zones) + ")"));
              }
            })
        .flatMap(zones -> tunnels.findInTenant(tenant, tunnelId))
        .invoke(
            tunnel -> {
              if (tunnel == null || tunnel.deletedAt != null) {
                throw ProblemException.notFound("tunnel " + tunnelId);
              }
            })
        .flatMap(tunnel -> routes.findById(host))
        .flatMap(
            existing -> {
              if (existing != null) {
                if (existing.tenantId.equals(tenant) && existing.tunnelId.equals(tunnelId)) {
                  return Uni.createFrom().item(existing);
                }
                throw ProblemException.conflict(host + " is already routed to a tunnel");
              }
              var route = new HostnameRouteEntity();
              route.hostname = host;
              route.tenantId = tenant;
              route.tunnelId = tunnelId;
              route.createdAt = OffsetDateTime.now();
              return routes
                  .persist(route)
                  .call(r -> events.routeBound(new HostnameRouteRecord(host, tenant, tunnelId)))
                  .call(
                      r ->
                          audit.record(
                              caller,
                              "route.bound",
                              "route",
                              host,
                              Map.of("tunnelId", tunnelId.toString())));
            })
        .map(RouteService::view);
  }

  @WithSession
  public Uni<Page<RouteView>> list(Caller caller, UUID tunnelId, Integer limit, String cursor) {
    caller.require(Scope.ROUTES_READ);
    int size = Page.size(limit);
    return routes
        .listInTenant(caller.tenant(), tunnelId, Page.decode(cursor), size + 1)
        .map(
            found ->
                Page.of(
                    found.stream().map(RouteService::view).toList(), size, RouteView::hostname));
  }

  @WithSession
  public Uni<RouteView> get(Caller caller, String hostname) {
    caller.require(Scope.ROUTES_READ);
    return owned(caller, hostname).map(RouteService::view);
  }

  @WithTransaction
  public Uni<Void> unbind(Caller caller, String hostname) {
    caller.require(Scope.ROUTES_WRITE);
    return owned(caller, hostname).flatMap(route -> remove(caller, route));
  }

  /** Unbinds every hostname of a tunnel that is being deleted (inside the caller's transaction). */
  public Uni<Void> unbindAllOf(Caller caller, UUID tunnelId) {
    return routes
        .listOfTunnel(caller.tenant(), tunnelId)
        .flatMap(
            all ->
                Multi.createFrom()
                    .iterable(all)
                    .onItem()
                    .transformToUniAndConcatenate(route -> remove(caller, route))
                    .collect()
                    .asList()
                    .replaceWithVoid());
  }

  private Uni<Void> remove(Caller caller, HostnameRouteEntity route) {
    return routes
        .delete(route)
        .call(() -> events.routeUnbound(route.hostname))
        .call(
            () ->
                audit.record(
                    caller,
                    "route.unbound",
                    "route",
                    route.hostname,
                    Map.of("tunnelId", route.tunnelId.toString())));
  }

  private Uni<HostnameRouteEntity> owned(Caller caller, String hostname) {
    var host = hostname == null ? "" : hostname.trim().toLowerCase(java.util.Locale.ROOT);
    return routes
        .findInTenant(caller.tenant(), host)
        .map(
            route -> {
              if (route == null) {
                throw ProblemException.notFound("route " + host);
              }
              return route;
            });
  }

  private static RouteView view(HostnameRouteEntity route) {
    return new RouteView(route.hostname, route.tunnelId, route.createdAt);
  }
}
