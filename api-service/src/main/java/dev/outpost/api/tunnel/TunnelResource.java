package dev.outpost.api.tunnel;

import dev.outpost.api.security.Callers;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Tunnels of the caller's tenant. */
@Path("/v1/tunnels")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TunnelResource {

  private final Callers callers;
  private final TunnelService service;

  TunnelResource(Callers callers, TunnelService service) {
    this.callers = callers;
    this.service = service;
  }

  public record CreateTunnelRequest(String name, String configSource) {}

  public record RenameTunnelRequest(String name) {}

  public record TokenView(String token) {}

  @POST
  public Uni<Response> create(CreateTunnelRequest request) {
    var body = request == null ? new CreateTunnelRequest(null, null) : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, body.name(), body.configSource()))
        .map(
            created ->
                Response.created(URI.create("/v1/tunnels/" + created.tunnel().id()))
                    .entity(created)
                    .build());
  }

  @GET
  public Uni<Page<TunnelViews.TunnelView>> list(
      @QueryParam("name") String namePrefix,
      @QueryParam("status") String status,
      @QueryParam("deleted") @DefaultValue("false") boolean deleted,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return callers
        .current()
        .flatMap(caller -> service.list(caller, namePrefix, status, deleted, limit, cursor));
  }

  @GET
  @Path("/{id}")
  public Uni<TunnelViews.TunnelDetail> get(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.get(caller, uuid(id)));
  }

  @PATCH
  @Path("/{id}")
  public Uni<TunnelViews.TunnelView> rename(
      @PathParam("id") String id, RenameTunnelRequest request) {
    var name = request == null ? null : request.name();
    return callers.current().flatMap(caller -> service.rename(caller, uuid(id), name));
  }

  @POST
  @Path("/{id}/secret")
  public Uni<TunnelService.TunnelWithToken> rotateSecret(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.rotateSecret(caller, uuid(id)));
  }

  @GET
  @Path("/{id}/token")
  public Uni<TokenView> token(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.token(caller, uuid(id))).map(TokenView::new);
  }

  @DELETE
  @Path("/{id}")
  public Uni<Response> delete(
      @PathParam("id") String id, @QueryParam("force") @DefaultValue("false") boolean force) {
    return callers
        .current()
        .flatMap(caller -> service.delete(caller, uuid(id), force))
        .map(nothing -> Response.noContent().build());
  }

  @GET
  @Path("/{id}/connections")
  public Uni<List<TunnelViews.ConnectionView>> connections(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.connections(caller, uuid(id)));
  }

  /** A malformed id names no tunnel of the caller's: 404, like any other unknown id. */
  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("tunnel " + id);
    }
  }
}
