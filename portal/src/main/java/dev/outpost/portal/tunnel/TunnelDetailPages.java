package dev.outpost.portal.tunnel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.tunnel.IngressForm.Row;
import dev.outpost.portal.tunnel.TunnelModels.Configuration;
import dev.outpost.portal.tunnel.TunnelModels.Connection;
import dev.outpost.portal.tunnel.TunnelModels.Route;
import dev.outpost.portal.tunnel.TunnelModels.Tenant;
import dev.outpost.portal.tunnel.TunnelModels.TunnelDetail;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Ids;
import io.quarkus.qute.CheckedTemplate;
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
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A tunnel's page: status, connectors and connections (live), public hostnames, ingress rules; and
 * the destructive actions, each behind a confirmation: rotating the token, deleting the tunnel.
 */
@Path("/tunnels/{id: " + Ids.UUID + "}")
@Produces(MediaType.TEXT_HTML)
public class TunnelDetailPages {

  private final TunnelClient tunnels;
  private final TunnelPages tunnelPages;
  private final PortalConfig config;
  private final ObjectMapper json;

  TunnelDetailPages(
      @RestClient TunnelClient tunnels,
      TunnelPages tunnelPages,
      PortalConfig config,
      ObjectMapper json) {
    this.tunnels = tunnels;
    this.tunnelPages = tunnelPages;
    this.config = config;
    this.json = json;
  }

  /** Everything the page shows of one tunnel. */
  public record TunnelView(
      TunnelDetail tunnel,
      List<Connection> connections,
      List<Route> routes,
      Configuration configuration,
      List<Row> rules,
      Tenant tenant) {

    /** Which zones a new hostname may lie in. */
    public String zonesHint() {
      if (tenant == null || tenant.zones() == null || tenant.zones().isEmpty()) {
        return "Your tenant has no zone yet; ask the platform's operator for one.";
      }
      return "In one of your zones: " + String.join(", ", tenant.zones()) + ".";
    }
  }

  /** The add-a-public-hostname form, with what the APIs said about it. */
  public record HostnameForm(String hostname, String path, String service, FieldErrors errors) {
    static HostnameForm empty() {
      return new HostnameForm("", "", "", FieldErrors.none());
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance tunnel(TunnelView view, HostnameForm hostname, String poll);

    static native TemplateInstance live(TunnelView view);
  }

  @GET
  public Uni<TemplateInstance> page(@PathParam("id") String id) {
    return view(Ids.uuid(id))
        .map(view -> Templates.tunnel(view, HostnameForm.empty(), TunnelPages.poll(config)));
  }

  /** The badge, connectors and connections, swapped in place by htmx while the page is open. */
  @GET
  @Path("live")
  public Uni<TemplateInstance> live(@PathParam("id") String id) {
    var tunnel = Ids.uuid(id);
    return Uni.combine()
        .all()
        .unis(tunnels.get(tunnel), tunnels.connections(tunnel))
        .asTuple()
        .map(
            t ->
                Templates.live(
                    new TunnelView(
                        t.getItem1(), ordered(t.getItem2()), List.of(), null, List.of(), null)));
  }

  @GET
  @Path("rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmRotation(@PathParam("id") String id) {
    var tunnel = Ids.uuid(id);
    return tunnels.get(tunnel).map(t -> rotation(t).page());
  }

  @POST
  @Path("rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> rotate(
      @PathParam("id") String id, @RestForm String confirm) {
    var tunnel = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(tunnel) + "/rotate")));
    }
    return tunnels
        .rotateSecret(tunnel)
        .map(rotated -> RestResponse.ok(tunnelPages.rotated(rotated)));
  }

  @GET
  @Path("delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmDeletion(@PathParam("id") String id) {
    var tunnel = Ids.uuid(id);
    return tunnels.get(tunnel).map(t -> deletion(t).page());
  }

  @POST
  @Path("delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> delete(
      @PathParam("id") String id, @RestForm String confirm, @RestForm boolean force) {
    var tunnel = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(tunnel) + "/delete")));
    }
    return tunnels
        .delete(tunnel, force)
        .map(nothing -> RestResponse.<TemplateInstance>seeOther(URI.create("/tunnels")))
        .onFailure(ApiProblem.class)
        .recoverWithUni(
            failure -> {
              var problem = (ApiProblem) failure;
              if (problem.status() != 409) {
                return Uni.createFrom().failure(problem);
              }
              // Still connected: say so on the same page, with the option to close them.
              return tunnels
                  .get(tunnel)
                  .map(
                      t ->
                          RestResponse.status(
                              RestResponse.Status.CONFLICT, deletion(t).page(problem.detail())));
            });
  }

  private static Confirmation rotation(TunnelDetail t) {
    return new Confirmation(
        "tunnels",
        "Rotate the token of " + t.name(),
        "Give tunnel " + t.name() + " a new token?",
        "The current token stops working at once: connectors running with it are disconnected"
            + " and must be restarted with the new token, which is shown once on the next page.",
        pathOf(t.id()) + "/rotate",
        "Rotate token",
        pathOf(t.id()),
        null);
  }

  private static Confirmation deletion(TunnelDetail t) {
    return new Confirmation(
        "tunnels",
        "Delete " + t.name(),
        "Delete tunnel " + t.name() + "?",
        "Its token stops working and its connectors are refused. Remove its public hostnames"
            + " first, or they answer with an error page.",
        pathOf(t.id()) + "/delete",
        "Delete tunnel",
        pathOf(t.id()),
        t.activeConnections() > 0
            ? "It has " + t.activeConnections() + " live connections: close them too"
            : null);
  }

  /** The whole page's data, fetched side by side. */
  Uni<TunnelView> view(String id) {
    return Uni.combine()
        .all()
        .unis(
            tunnels.get(id),
            tunnels.connections(id),
            tunnels.routes(id, 200, null),
            tunnels.configuration(id),
            tunnels.tenant())
        .asTuple()
        .map(
            t -> {
              var tunnel = t.getItem1();
              // A locally managed tunnel's rules are in its connector's config.yml, not here.
              var configuration = tunnel.remote() ? t.getItem4() : null;
              return new TunnelView(
                  tunnel,
                  ordered(t.getItem2()),
                  t.getItem3().items(),
                  configuration,
                  configuration == null
                      ? List.of()
                      : IngressForm.rulesOf(configuration.config(), json),
                  t.getItem5());
            });
  }

  /** Connections by connector, then by their index within it. */
  static List<Connection> ordered(List<Connection> connections) {
    return connections.stream()
        .sorted(
            Comparator.comparing(Connection::connectorId, Comparator.nullsLast(String::compareTo))
                .thenComparingInt(Connection::connIndex))
        .toList();
  }

  static String pathOf(String tunnelId) {
    return "/tunnels/" + tunnelId;
  }
}
