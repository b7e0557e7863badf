package dev.outpost.portal.tunnel;

import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.tunnel.ConnectorSnippets.Snippets;
import dev.outpost.portal.tunnel.TunnelModels.NewTunnel;
import dev.outpost.portal.tunnel.TunnelModels.Tunnel;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/** The tunnels list with its live badges, and creating a tunnel (its token shown once). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class TunnelPages {

  static final List<String> STATUSES = List.of("healthy", "degraded", "down", "inactive");

  private final TunnelClient tunnels;
  private final PortalConfig config;
  private final ConnectorSnippets snippets;

  TunnelPages(@RestClient TunnelClient tunnels, PortalConfig config) {
    this.tunnels = tunnels;
    this.config = config;
    this.snippets =
        new ConnectorSnippets(config.edgeAddress(), config.edgeCa(), config.connectorImage());
  }

  /** The list's filter and position, as the page's links repeat them. */
  public record Filter(String name, String status, String cursor) {

    public String query() {
      return Query.of("name", name, "status", status, "cursor", cursor);
    }

    public String next(String nextCursor) {
      return Query.of("name", name, "status", status, "cursor", nextCursor);
    }

    public boolean filtered() {
      return !Query.blank(name) || !Query.blank(status);
    }
  }

  /** What the creation form shows again when the API refused it. */
  public record NewTunnelForm(String name, String configSource, FieldErrors errors) {}

  /** The one page that shows a token: after creation or rotation. */
  public record TokenPage(Tunnel tunnel, String token, Snippets snippets, boolean rotated) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        Page<Tunnel> page, Filter filter, List<String> statuses, String poll);

    static native TemplateInstance badges(List<Tunnel> tunnels);

    static native TemplateInstance create(NewTunnelForm form);

    static native TemplateInstance token(TokenPage page);
  }

  @GET
  public RestResponse<Void> home() {
    return RestResponse.seeOther(URI.create("/tunnels"));
  }

  @GET
  @Path("tunnels")
  public Uni<TemplateInstance> list(
      @QueryParam("name") String name,
      @QueryParam("status") String status,
      @QueryParam("cursor") String cursor) {
    var filter = new Filter(name, status, cursor);
    return page(filter).map(page -> Templates.list(page, filter, STATUSES, poll(config)));
  }

  /** The badges of the same page of tunnels, swapped in place by htmx (out of band). */
  @GET
  @Path("tunnels/status")
  public Uni<TemplateInstance> badges(
      @QueryParam("name") String name,
      @QueryParam("status") String status,
      @QueryParam("cursor") String cursor) {
    return page(new Filter(name, status, cursor)).map(page -> Templates.badges(page.items()));
  }

  @GET
  @Path("tunnels/new")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public TemplateInstance createForm() {
    return Templates.create(new NewTunnelForm("", "remote", FieldErrors.none()));
  }

  @POST
  @Path("tunnels")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> create(
      @RestForm String name, @RestForm String configSource) {
    return tunnels
        .create(new NewTunnel(Query.trim(name), configSource))
        .map(
            created ->
                RestResponse.status(
                    RestResponse.Status.CREATED,
                    Templates.token(
                        new TokenPage(
                            created.tunnel(),
                            created.token(),
                            snippets.forToken(created.token(), created.tunnel().name()),
                            false))))
        .onFailure(ApiProblem.class)
        .recoverWithItem(
            ApiProblem.<TemplateInstance>showInForm(
                problem ->
                    Templates.create(
                        new NewTunnelForm(
                            name,
                            configSource,
                            FieldErrors.from(problem, Set.of("name", "configSource"))))));
  }

  /** The token page after a rotation: the same page, saying the old token no longer works. */
  TemplateInstance rotated(TunnelModels.TunnelWithToken rotated) {
    return Templates.token(
        new TokenPage(
            rotated.tunnel(),
            rotated.token(),
            snippets.forToken(rotated.token(), rotated.tunnel().name()),
            true));
  }

  private Uni<Page<Tunnel>> page(Filter filter) {
    var status =
        filter.status() != null && STATUSES.contains(filter.status()) ? filter.status() : null;
    return tunnels.list(
        Query.blank(filter.name()) ? null : filter.name().trim(),
        status,
        config.pageSize(),
        Query.blank(filter.cursor()) ? null : filter.cursor());
  }

  /** htmx's polling trigger for the configured interval: {@code every 5s}. */
  static String poll(PortalConfig config) {
    return "every " + Math.max(1, config.statusPollInterval().toMillis()) + "ms";
  }
}
