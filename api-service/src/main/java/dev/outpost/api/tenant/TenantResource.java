package dev.outpost.api.tenant;

import dev.outpost.api.security.Callers;
import dev.outpost.api.tenant.TenantService.TenantView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Tenants and zones: the operator's side ({@code /v1/tenants}) and the member's ({@code
 * /v1/tenant}).
 */
@Path("/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

  private final Callers callers;
  private final TenantService service;

  TenantResource(Callers callers, TenantService service) {
    this.callers = callers;
    this.service = service;
  }

  /** What an operator sends to create a tenant. */
  public record CreateTenantRequest(String slug, String displayName, List<String> zones) {}

  @POST
  @Path("/tenants")
  public Uni<Response> create(CreateTenantRequest request) {
    var body = request == null ? new CreateTenantRequest(null, null, null) : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, body.slug(), body.displayName(), body.zones()))
        .map(
            tenant ->
                Response.created(URI.create("/v1/tenants/" + tenant.slug()))
                    .entity(tenant)
                    .build());
  }

  @GET
  @Path("/tenants")
  public Uni<List<TenantView>> list() {
    return callers.current().flatMap(service::list);
  }

  @GET
  @Path("/tenants/{slug}")
  public Uni<TenantView> get(@PathParam("slug") String slug) {
    return callers.current().flatMap(caller -> service.get(caller, slug));
  }

  @PUT
  @Path("/tenants/{slug}/zones/{zone}")
  public Uni<TenantView> assignZone(
      @PathParam("slug") String slug, @PathParam("zone") String zone) {
    return callers.current().flatMap(caller -> service.assignZone(caller, slug, zone));
  }

  @DELETE
  @Path("/tenants/{slug}/zones/{zone}")
  public Uni<Response> removeZone(@PathParam("slug") String slug, @PathParam("zone") String zone) {
    return callers
        .current()
        .flatMap(caller -> service.removeZone(caller, slug, zone))
        .map(nothing -> Response.noContent().build());
  }

  /** The caller's own tenant with its zones. */
  @GET
  @Path("/tenant")
  public Uni<TenantView> own() {
    return callers.current().flatMap(service::own);
  }
}
