package dev.outpost.access.servicetoken;

import dev.outpost.access.security.Callers;
import dev.outpost.access.servicetoken.ServiceTokenService.IssuedServiceToken;
import dev.outpost.access.servicetoken.ServiceTokenService.ServiceTokenRequest;
import dev.outpost.access.servicetoken.ServiceTokenService.ServiceTokenView;
import dev.outpost.access.web.Ids;
import dev.outpost.service.web.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service tokens of the caller's tenant. */
@Path("/v1/service-tokens")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "service tokens", description = "Machine credentials for service_auth policies")
public class ServiceTokenResource {

  private final Callers callers;
  private final ServiceTokenService service;

  ServiceTokenResource(Callers callers, ServiceTokenService service) {
    this.callers = callers;
    this.service = service;
  }

  @POST
  @Operation(
      summary = "Create a service token",
      description =
          "The answer holds clientId and clientSecret; the secret is never shown again. duration"
              + " (ISO-8601, PT1H to P3650D) or expiresAt; one year by default.")
  public Uni<Response> create(ServiceTokenRequest request) {
    var body = request == null ? new ServiceTokenRequest(null, null, null) : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, body))
        .map(
            issued ->
                Response.created(URI.create("/v1/service-tokens/" + issued.serviceToken().id()))
                    .entity(issued)
                    .build());
  }

  @GET
  @Operation(summary = "List service tokens (never their secrets)")
  public Uni<Page<ServiceTokenView>> list(
      @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
    return callers.current().flatMap(caller -> service.list(caller, limit, cursor));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a service token (never its secret)")
  public Uni<ServiceTokenView> get(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.get(caller, Ids.path(id, "service token")));
  }

  @POST
  @Path("/{id}/rotate")
  @Operation(
      summary = "Rotate the secret",
      description = "The new secret is shown in this answer only; the old one stops working.")
  public Uni<IssuedServiceToken> rotate(@PathParam("id") String id) {
    return callers
        .current()
        .flatMap(caller -> service.rotate(caller, Ids.path(id, "service token")));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Revoke a service token for good; it stays listed as revoked")
  public Uni<Response> revoke(@PathParam("id") String id) {
    return callers
        .current()
        .flatMap(caller -> service.revoke(caller, Ids.path(id, "service token")))
        .map(nothing -> Response.noContent().build());
  }
}
