package dev.outpost.portal.token;

import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.token.ApiTokenClient.ApiToken;
import dev.outpost.portal.token.ApiTokenClient.CreatedApiToken;
import dev.outpost.portal.token.ApiTokenClient.NewApiToken;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/** Platform API tokens for automation: created with scopes, shown once, listed with last use. */
@Path("/api-tokens")
@Produces(MediaType.TEXT_HTML)
public class ApiTokenPages {

  /** The api-service's scopes, in the order the form offers them. */
  static final List<String> SCOPES =
      List.of(
          "tunnels:read",
          "tunnels:write",
          "routes:read",
          "routes:write",
          "webhooks:read",
          "webhooks:write",
          "audit:read");

  private final ApiTokenClient tokens;
  private final String apiUrl;

  ApiTokenPages(@RestClient ApiTokenClient tokens, PortalConfig config) {
    this.tokens = tokens;
    this.apiUrl = config.apiPublicUrl();
  }

  public record TokenForm(String name, List<String> scopes, String expires, FieldErrors errors) {
    public boolean has(String scope) {
      return scopes != null && scopes.contains(scope);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(List<ApiToken> tokens, String refused);

    static native TemplateInstance create(TokenForm form, List<String> scopes);

    static native TemplateInstance secret(CreatedApiToken created, String apiUrl);
  }

  @GET
  public Uni<TemplateInstance> list() {
    return tokens
        .list()
        .map(list -> Templates.list(list, null))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            failure -> {
              var problem = (ApiProblem) failure;
              if (problem.status() != 403) {
                throw problem;
              }
              return Templates.list(List.of(), problem.detail());
            });
  }

  @GET
  @Path("new")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public TemplateInstance createForm() {
    return Templates.create(
        new TokenForm("", List.of("tunnels:read"), "", FieldErrors.none()), SCOPES);
  }

  @POST
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> create(
      @RestForm String name, @RestForm List<String> scope, @RestForm String expires) {
    var form = new TokenForm(name, scope == null ? List.of() : scope, expires, FieldErrors.none());
    String expiresAt = null;
    if (!Query.blank(expires)) {
      if (!expires.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
        return Uni.createFrom()
            .item(
                RestResponse.status(
                    RestResponse.Status.BAD_REQUEST,
                    Templates.create(
                        new TokenForm(
                            name,
                            form.scopes(),
                            expires,
                            FieldErrors.of("expiresAt", "a date such as 2027-01-31")),
                        SCOPES)));
      }
      // The end of that day, UTC: a token "until the 31st" works on the 31st.
      expiresAt = expires.trim() + "T23:59:59Z";
    }
    return tokens
        .create(new NewApiToken(Query.trim(name), form.scopes(), expiresAt))
        .map(
            created ->
                RestResponse.status(RestResponse.Status.CREATED, Templates.secret(created, apiUrl)))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            ApiProblem.<TemplateInstance>showInForm(
                problem ->
                    Templates.create(
                        new TokenForm(
                            name,
                            form.scopes(),
                            expires,
                            FieldErrors.from(problem, Set.of("name", "scopes", "expiresAt"))),
                        SCOPES)));
  }

  @GET
  @Path("{id}/revoke")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmRevocation(@PathParam("id") String id) {
    var token = Ids.uuid(id);
    return tokens.list().map(list -> revocation(find(list, token)).page());
  }

  @POST
  @Path("{id}/revoke")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> revoke(@PathParam("id") String id, @RestForm String confirm) {
    var token = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom()
          .item(RestResponse.seeOther(URI.create("/api-tokens/" + token + "/revoke")));
    }
    return tokens.revoke(token).map(nothing -> RestResponse.seeOther(URI.create("/api-tokens")));
  }

  private static ApiToken find(List<ApiToken> list, String id) {
    return list.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(NotFoundException::new);
  }

  private static Confirmation revocation(ApiToken token) {
    return new Confirmation(
        "api-tokens",
        "Revoke " + token.name(),
        "Revoke API token " + token.name() + "?",
        "Scripts using it are refused from its next request. A revoked token cannot be brought"
            + " back; create a new one instead.",
        "/api-tokens/" + token.id() + "/revoke",
        "Revoke token",
        "/api-tokens",
        null);
  }
}
