package dev.outpost.api.token;

import dev.outpost.api.security.Callers;
import dev.outpost.service.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Platform API tokens of the caller's tenant; tenant admins only. */
@Path("/v1/api-tokens")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

  private final Callers callers;
  private final ApiTokenService service;

  ApiTokenResource(Callers callers, ApiTokenService service) {
    this.callers = callers;
    this.service = service;
  }

  public record CreateApiTokenRequest(String name, List<String> scopes, OffsetDateTime expiresAt) {}

  @POST
  public Uni<Response> create(CreateApiTokenRequest request) {
    var body = request == null ? new CreateApiTokenRequest(null, null, null) : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, body.name(), body.scopes(), body.expiresAt()))
        .map(
            created ->
                Response.created(URI.create("/v1/api-tokens/" + created.apiToken().id()))
                    .entity(created)
                    .build());
  }

  @GET
  public Uni<List<ApiTokenService.ApiTokenView>> list() {
    return callers.current().flatMap(service::list);
  }

  @DELETE
  @Path("/{id}")
  public Uni<Response> revoke(@PathParam("id") String id) {
    UUID tokenId;
    try {
      tokenId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("API token " + id);
    }
    return callers
        .current()
        .flatMap(caller -> service.revoke(caller, tokenId))
        .map(nothing -> Response.noContent().build());
  }
}
