package dev.outpost.portal.access;

import dev.outpost.portal.access.AccessModels.IssuedServiceToken;
import dev.outpost.portal.access.AccessModels.ServiceToken;
import dev.outpost.portal.access.AccessModels.ServiceTokenRequest;
import dev.outpost.portal.access.ApplicationPages.Choice;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/** Service tokens: machines' credentials for service_auth policies; the secret is shown once. */
@Path("/access/service-tokens")
@Produces(MediaType.TEXT_HTML)
public class ServiceTokenPages {

  static final List<Choice> DURATIONS =
      List.of(
          new Choice("P1D", "1 day"),
          new Choice("P30D", "30 days"),
          new Choice("P90D", "90 days"),
          new Choice("P365D", "1 year"),
          new Choice("P1095D", "3 years"));

  private final AccessClient access;

  ServiceTokenPages(@RestClient AccessClient access) {
    this.access = access;
  }

  public record TokenForm(String name, String duration, FieldErrors errors) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(Page<ServiceToken> page, String cursor);

    static native TemplateInstance create(TokenForm form, List<Choice> durations);

    static native TemplateInstance secret(IssuedServiceToken issued, boolean rotated);
  }

  @GET
  public Uni<TemplateInstance> list(@QueryParam("cursor") String cursor) {
    return access
        .serviceTokens(100, Query.trim(cursor))
        .map(page -> Templates.list(page, Query.trim(cursor)));
  }

  @GET
  @Path("new")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public TemplateInstance createForm() {
    return Templates.create(new TokenForm("", "P365D", FieldErrors.none()), DURATIONS);
  }

  @POST
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> create(
      @RestForm String name, @RestForm String duration) {
    return access
        .createServiceToken(new ServiceTokenRequest(Query.trim(name), Query.trim(duration)))
        .map(
            issued ->
                RestResponse.status(RestResponse.Status.CREATED, Templates.secret(issued, false)))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            ApiProblem.<TemplateInstance>showInForm(
                problem ->
                    Templates.create(
                        new TokenForm(
                            name, duration, FieldErrors.from(problem, Set.of("name", "duration"))),
                        DURATIONS)));
  }

  @GET
  @Path("{id}/rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmRotation(@PathParam("id") String id) {
    return access.serviceToken(Ids.uuid(id)).map(token -> rotation(token).page());
  }

  @POST
  @Path("{id}/rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> rotate(
      @PathParam("id") String id, @RestForm String confirm) {
    var token = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(token) + "/rotate")));
    }
    return access
        .rotateServiceToken(token)
        .map(issued -> RestResponse.ok(Templates.secret(issued, true)));
  }

  @GET
  @Path("{id}/revoke")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmRevocation(@PathParam("id") String id) {
    return access.serviceToken(Ids.uuid(id)).map(token -> revocation(token).page());
  }

  @POST
  @Path("{id}/revoke")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> revoke(@PathParam("id") String id, @RestForm String confirm) {
    var token = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(token) + "/revoke")));
    }
    return access
        .revokeServiceToken(token)
        .map(nothing -> RestResponse.seeOther(URI.create("/access/service-tokens")));
  }

  private static Confirmation rotation(ServiceToken token) {
    return new Confirmation(
        "service-tokens",
        "Rotate " + token.name(),
        "Give service token " + token.name() + " a new secret?",
        "The current secret stops working at once; the new one is shown once on the next page.",
        pathOf(token.id()) + "/rotate",
        "Rotate secret",
        "/access/service-tokens",
        null);
  }

  private static Confirmation revocation(ServiceToken token) {
    return new Confirmation(
        "service-tokens",
        "Revoke " + token.name(),
        "Revoke service token " + token.name() + " for good?",
        "Machines using it are refused from now on. It stays listed as revoked; it cannot be"
            + " brought back.",
        pathOf(token.id()) + "/revoke",
        "Revoke token",
        "/access/service-tokens",
        null);
  }

  static String pathOf(String tokenId) {
    return "/access/service-tokens/" + tokenId;
  }
}
