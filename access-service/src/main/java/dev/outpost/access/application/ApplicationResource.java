package dev.outpost.access.application;

import dev.outpost.access.application.ApplicationService.ApplicationRequest;
import dev.outpost.access.application.ApplicationService.ApplicationView;
import dev.outpost.access.security.Callers;
import dev.outpost.access.web.Ids;
import dev.outpost.service.web.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Access applications of the caller's tenant. */
@Path("/v1/applications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "applications", description = "Hostnames and paths the edge protects")
public class ApplicationResource {

  private static final ApplicationRequest EMPTY =
      new ApplicationRequest(null, null, null, null, null);

  private final Callers callers;
  private final ApplicationService service;

  ApplicationResource(Callers callers, ApplicationService service) {
    this.callers = callers;
    this.service = service;
  }

  @POST
  @Operation(
      summary = "Create an application",
      description =
          "hostname must lie in one of the tenant's zones; hostname + pathPrefix is unique on the"
              + " platform (409 otherwise). sessionDuration is in seconds (300 to 2592000, default"
              + " 86400). The audience is generated and never changes.")
  public Uni<Response> create(ApplicationRequest request) {
    var body = request == null ? EMPTY : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, body))
        .map(
            app ->
                Response.created(URI.create("/v1/applications/" + app.id())).entity(app).build());
  }

  @GET
  @Operation(summary = "List applications, by hostname then path prefix")
  public Uni<Page<ApplicationView>> list(
      @QueryParam("hostname") String hostname,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return callers.current().flatMap(caller -> service.list(caller, hostname, limit, cursor));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get an application")
  public Uni<ApplicationView> get(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> service.get(caller, Ids.path(id, "application")));
  }

  @PATCH
  @Path("/{id}")
  @Operation(summary = "Change some fields of an application (absent fields stay as they are)")
  public Uni<ApplicationView> update(@PathParam("id") String id, ApplicationRequest request) {
    var body = request == null ? EMPTY : request;
    return callers
        .current()
        .flatMap(caller -> service.update(caller, Ids.path(id, "application"), body));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Delete an application and its policies")
  public Uni<Response> delete(@PathParam("id") String id) {
    return callers
        .current()
        .flatMap(caller -> service.delete(caller, Ids.path(id, "application")))
        .map(nothing -> Response.noContent().build());
  }
}
