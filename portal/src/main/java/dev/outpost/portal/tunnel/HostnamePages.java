package dev.outpost.portal.tunnel;

import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.tunnel.TunnelDetailPages.HostnameForm;
import dev.outpost.portal.tunnel.TunnelModels.ConfigurationBody;
import dev.outpost.portal.tunnel.TunnelModels.NewRoute;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Public hostnames of a tunnel: the hostname route, and for a remotely managed tunnel the ingress
 * rule that sends the hostname to a service. The route goes first (the API checks the hostname's
 * zone and that no one else has it); if the rule is then refused, the route is taken back.
 */
@Path("/tunnels/{id: " + Ids.UUID + "}/hostnames")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(CurrentUser.ADMIN_ROLE)
public class HostnamePages {

  private final TunnelClient tunnels;
  private final TunnelDetailPages detail;
  private final PortalConfig config;

  HostnamePages(@RestClient TunnelClient tunnels, TunnelDetailPages detail, PortalConfig config) {
    this.tunnels = tunnels;
    this.detail = detail;
    this.config = config;
  }

  @POST
  public Uni<RestResponse<TemplateInstance>> add(
      @PathParam("id") String id,
      @RestForm String hostname,
      @RestForm String path,
      @RestForm String service) {
    var tunnel = Ids.uuid(id);
    var host = Query.blank(hostname) ? "" : hostname.trim().toLowerCase(Locale.ROOT);
    var form = new HostnameForm(host, Query.trim(path), Query.trim(service), FieldErrors.none());
    if (host.isEmpty()) {
      return again(tunnel, form, FieldErrors.of("hostname", "is required"));
    }
    return tunnels
        .get(tunnel)
        .flatMap(
            t -> {
              if (t.remote() && form.service() == null) {
                return again(
                    tunnel,
                    form,
                    FieldErrors.of("service", "is required, such as http://localhost:3000"));
              }
              return tunnels
                  .bind(new NewRoute(host, tunnel))
                  .flatMap(route -> t.remote() ? addRule(tunnel, form) : done(tunnel))
                  .onFailure(ApiProblem.class)
                  .recoverWithUni(failure -> refused(tunnel, form, (ApiProblem) failure));
            });
  }

  /** The rule, above the catch-all; if the API refuses it, the new route goes again. */
  private Uni<RestResponse<TemplateInstance>> addRule(String tunnel, HostnameForm form) {
    return tunnels
        .configuration(tunnel)
        .flatMap(
            current -> {
              var added =
                  PublicHostnames.withRule(
                      current.config(), form.hostname(), form.path(), form.service());
              return tunnels
                  .replaceConfiguration(tunnel, new ConfigurationBody(added.config()))
                  .flatMap(saved -> done(tunnel))
                  .onFailure(ApiProblem.class)
                  .recoverWithUni(
                      failure ->
                          tunnels
                              .unbind(form.hostname())
                              .onFailure()
                              .recoverWithNull()
                              .flatMap(
                                  nothing ->
                                      refused(
                                          tunnel,
                                          form,
                                          ruleProblem((ApiProblem) failure, added.index()))));
            });
  }

  /** The API's messages about the new rule ({@code config.ingress[i].service}) as form fields. */
  static ApiProblem ruleProblem(ApiProblem problem, int index) {
    var prefix = "config.ingress[" + index + "]";
    var errors = new ArrayList<ApiProblem.FieldError>();
    for (var error : problem.errors()) {
      var field = error.field() == null ? "" : error.field();
      if (field.startsWith(prefix + ".")) {
        errors.add(
            new ApiProblem.FieldError(field.substring(prefix.length() + 1), error.message()));
      } else if (field.equals(prefix)) {
        errors.add(new ApiProblem.FieldError("hostname", error.message()));
      } else {
        errors.add(error);
      }
    }
    return new ApiProblem(problem.status(), problem.title(), problem.detail(), errors);
  }

  private Uni<RestResponse<TemplateInstance>> refused(
      String tunnel, HostnameForm form, ApiProblem problem) {
    if (!problem.isFormProblem()) {
      return Uni.createFrom().failure(problem);
    }
    var errors = FieldErrors.from(problem, Set.of("hostname", "path", "service"));
    return again(tunnel, form, errors, problem.status());
  }

  private Uni<RestResponse<TemplateInstance>> again(
      String tunnel, HostnameForm form, FieldErrors errors) {
    return again(tunnel, form, errors, 400);
  }

  private Uni<RestResponse<TemplateInstance>> again(
      String tunnel, HostnameForm form, FieldErrors errors, int status) {
    var withErrors = new HostnameForm(form.hostname(), form.path(), form.service(), errors);
    return detail
        .view(tunnel)
        .map(
            view ->
                RestResponse.status(
                    RestResponse.Status.fromStatusCode(status),
                    TunnelDetailPages.Templates.tunnel(
                        view, withErrors, TunnelPages.poll(config))));
  }

  private static Uni<RestResponse<TemplateInstance>> done(String tunnel) {
    return Uni.createFrom()
        .item(RestResponse.seeOther(URI.create(TunnelDetailPages.pathOf(tunnel) + "#hostnames")));
  }

  @GET
  @Path("{hostname}/remove")
  public Uni<TemplateInstance> confirmRemoval(
      @PathParam("id") String id, @PathParam("hostname") String hostname) {
    var tunnel = Ids.uuid(id);
    var host = Ids.hostname(hostname);
    return tunnels.get(tunnel).map(t -> removal(t.id(), t.name(), host, t.remote()).page());
  }

  @POST
  @Path("{hostname}/remove")
  public Uni<RestResponse<TemplateInstance>> remove(
      @PathParam("id") String id,
      @PathParam("hostname") String hostname,
      @RestForm String confirm) {
    var tunnel = Ids.uuid(id);
    var host = Ids.hostname(hostname);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom()
          .item(
              RestResponse.seeOther(
                  URI.create(TunnelDetailPages.pathOf(tunnel) + "/hostnames/" + host + "/remove")));
    }
    return tunnels
        .get(tunnel)
        .flatMap(
            t -> {
              var unbound = tunnels.unbind(host);
              if (!t.remote()) {
                return unbound.flatMap(nothing -> done(tunnel));
              }
              return unbound
                  .flatMap(nothing -> tunnels.configuration(tunnel))
                  .flatMap(
                      current -> {
                        var without = PublicHostnames.withoutHostname(current.config(), host);
                        return without == null
                            ? done(tunnel)
                            : tunnels
                                .replaceConfiguration(tunnel, new ConfigurationBody(without))
                                .flatMap(saved -> done(tunnel));
                      });
            });
  }

  private static Confirmation removal(
      String tunnelId, String tunnelName, String hostname, boolean remote) {
    return new Confirmation(
        "tunnels",
        "Remove " + hostname,
        "Remove " + hostname + " from tunnel " + tunnelName + "?",
        "The edge stops sending "
            + hostname
            + " to this tunnel"
            + (remote ? ", and its ingress rules are removed" : "")
            + ". Visitors get the edge's error page until the hostname is added again.",
        TunnelDetailPages.pathOf(tunnelId) + "/hostnames/" + hostname + "/remove",
        "Remove hostname",
        TunnelDetailPages.pathOf(tunnelId) + "#hostnames",
        null);
  }
}
