package dev.outpost.api.route;

import dev.outpost.api.security.Callers;
import dev.outpost.service.problem.ProblemException;
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
import java.util.UUID;

/** Hostname routes of the caller's tenant. */
@Path("/v1/routes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteResource {

  private final Callers callers;
  private final RouteService service;

  RouteResource(Callers callers, RouteService service) {
    this.callers = callers;
    this.service = service;
  }

  public record BindRouteRequest(String hostname, String tunnelId) {}

  @POST
  public Uni<Response> bind(BindRouteRequest request) {
    var body = request == null ? new BindRouteRequest(null, null) : request;
    var tunnelId = body.tunnelId() == null ? null : tunnelId(body.tunnelId());
    return callers
        .current()
        .flatMap(caller -> service.bind(caller, body.hostname(), tunnelId))
        .map(
            route ->
                Response.created(URI.create("/v1/routes/" + route.hostname()))
                    .entity(route)
                    .build());
  }

  @GET
  public Uni<Page<RouteService.RouteView>> list(
      @QueryParam("tunnelId") String tunnelId,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    var tunnel = tunnelId == null || tunnelId.isBlank() ? null : tunnelId(tunnelId);
    return callers.current().flatMap(caller -> service.list(caller, tunnel, limit, cursor));
  }

  @GET
  @Path("/{hostname}")
  public Uni<RouteService.RouteView> get(@PathParam("hostname") String hostname) {
    return callers.current().flatMap(caller -> service.get(caller, hostname));
  }

  @DELETE
  @Path("/{hostname}")
  public Uni<Response> unbind(@PathParam("hostname") String hostname) {
    return callers
        .current()
        .flatMap(caller -> service.unbind(caller, hostname))
        .map(nothing -> Response.noContent().build());
  }

  private static UUID tunnelId(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("tunnelId", "'" + value + "' is not a tunnel id");
    }
  }
}
