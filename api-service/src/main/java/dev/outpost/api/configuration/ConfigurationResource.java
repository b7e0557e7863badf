package dev.outpost.api.configuration;

import dev.outpost.api.security.Callers;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;

/** A tunnel's remote-managed configuration and its history. */
@Path("/v1/tunnels/{id}/configuration")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

  private final Callers callers;
  private final ConfigurationService service;

  ConfigurationResource(Callers callers, ConfigurationService service) {
    this.callers = callers;
    this.service = service;
  }

  /** As in cloudflared's API: {@code {"config": {"ingress": [...], "originRequest": {...}}}}. */
  public record PutConfigurationRequest(Map<String, Object> config) {}

  @GET
  public Uni<ConfigurationService.ConfigurationView> current(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.current(caller, tunnelId(id)));
  }

  @PUT
  public Uni<ConfigurationService.ConfigurationView> replace(
      @PathParam("id") String id, PutConfigurationRequest request) {
    var config = request == null ? null : request.config();
    return callers.current().flatMap(caller -> service.replace(caller, tunnelId(id), config));
  }

  @GET
  @Path("/versions")
  public Uni<Page<ConfigurationService.ConfigurationView>> history(
      @PathParam("id") String id,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return callers
        .current()
        .flatMap(caller -> service.history(caller, tunnelId(id), limit, cursor));
  }

  @GET
  @Path("/versions/{version}")
  public Uni<ConfigurationService.ConfigurationView> version(
      @PathParam("id") String id, @PathParam("version") int version) {
    return callers.current().flatMap(caller -> service.version(caller, tunnelId(id), version));
  }

  private static UUID tunnelId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("tunnel " + id);
    }
  }
}
