package dev.outpost.access.policy;

import dev.outpost.access.policy.PolicyService.PolicyRequest;
import dev.outpost.access.policy.PolicyService.PolicyView;
import dev.outpost.access.security.Callers;
import dev.outpost.access.web.Ids;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The ordered policies of an application of the caller's tenant. */
@Path("/v1/applications/{applicationId}/policies")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "policies", description = "Who may reach an application, evaluated by precedence")
public class PolicyResource {

  private static final PolicyRequest EMPTY = new PolicyRequest(null, null, null, null, null, null);

  private final Callers callers;
  private final PolicyService service;

  PolicyResource(Callers callers, PolicyService service) {
    this.callers = callers;
    this.service = service;
  }

  /** The new order: every policy id of the application, first evaluated first. */
  public record PolicyOrder(List<String> policyIds) {}

  @GET
  @Operation(summary = "List an application's policies in evaluation order")
  public Uni<List<PolicyView>> list(@PathParam("applicationId") String applicationId) {
    return callers
        .current()
        .flatMap(caller -> service.list(caller, Ids.path(applicationId, "application")));
  }

  @POST
  @Operation(
      summary = "Add a policy",
      description =
          "action is allow, deny, bypass or service_auth. include (required), require and exclude"
              + " hold rules {type, value}: everyone, email, email_domain, group, ip (CIDR),"
              + " service_token (a token id of the tenant), any_service_token. precedence (1 is"
              + " first) defaults to last; the others shift to make room.")
  public Uni<Response> create(
      @PathParam("applicationId") String applicationId, PolicyRequest request) {
    var body = request == null ? EMPTY : request;
    return callers
        .current()
        .flatMap(caller -> service.create(caller, Ids.path(applicationId, "application"), body))
        .map(
            policy ->
                Response.created(
                        URI.create(
                            "/v1/applications/"
                                + policy.applicationId()
                                + "/policies/"
                                + policy.id()))
                    .entity(policy)
                    .build());
  }

  @PUT
  @Path("/order")
  @Operation(summary = "Reorder the policies: name every policy id once, first evaluated first")
  public Uni<List<PolicyView>> reorder(
      @PathParam("applicationId") String applicationId, PolicyOrder order) {
    var ids = order == null ? null : order.policyIds();
    return callers
        .current()
        .flatMap(caller -> service.reorder(caller, Ids.path(applicationId, "application"), ids));
  }

  @GET
  @Path("/{policyId}")
  @Operation(summary = "Get a policy")
  public Uni<PolicyView> get(
      @PathParam("applicationId") String applicationId, @PathParam("policyId") String policyId) {
    return callers
        .current()
        .flatMap(
            caller ->
                service.get(
                    caller, Ids.path(applicationId, "application"), Ids.path(policyId, "policy")));
  }

  @PUT
  @Path("/{policyId}")
  @Operation(
      summary = "Replace a policy",
      description = "Every field is replaced; an absent precedence keeps the policy's place.")
  public Uni<PolicyView> replace(
      @PathParam("applicationId") String applicationId,
      @PathParam("policyId") String policyId,
      PolicyRequest request) {
    var body = request == null ? EMPTY : request;
    return callers
        .current()
        .flatMap(
            caller ->
                service.replace(
                    caller,
                    Ids.path(applicationId, "application"),
                    Ids.path(policyId, "policy"),
                    body));
  }

  @DELETE
  @Path("/{policyId}")
  @Operation(summary = "Delete a policy; the ones after it move up")
  public Uni<Response> delete(
      @PathParam("applicationId") String applicationId, @PathParam("policyId") String policyId) {
    return callers
        .current()
        .flatMap(
            caller ->
                service.delete(
                    caller, Ids.path(applicationId, "application"), Ids.path(policyId, "policy")))
        .map(nothing -> Response.noContent().build());
  }
}
