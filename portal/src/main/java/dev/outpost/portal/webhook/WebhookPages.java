package dev.outpost.portal.webhook;

import dev.outpost.portal.tunnel.TunnelClient;
import dev.outpost.portal.tunnel.TunnelModels.Tunnel;
import dev.outpost.portal.web.ApiProblem;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.FieldErrors;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.web.Query;
import dev.outpost.portal.webhook.WebhookClient.Webhook;
import dev.outpost.portal.webhook.WebhookClient.WebhookRequest;
import dev.outpost.portal.webhook.WebhookClient.WebhookWithSecret;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/** Webhook subscriptions: the list, and subscribing a URL (its signing secret shown once). */
@Path("/webhooks")
@Produces(MediaType.TEXT_HTML)
public class WebhookPages {

  /** What a subscription may listen to, as the api-service names the events. */
  static final List<String> EVENT_TYPES =
      List.of(
          "tunnel.health_changed",
          "tunnel.created",
          "tunnel.deleted",
          "connector.connected",
          "connector.disconnected",
          "tunnel.config_applied",
          "webhook.disabled");

  private static final Set<String> FIELDS = Set.of("url", "eventTypes", "tunnelId", "description");

  private final WebhookClient webhooks;
  private final TunnelClient tunnels;

  WebhookPages(@RestClient WebhookClient webhooks, @RestClient TunnelClient tunnels) {
    this.webhooks = webhooks;
    this.tunnels = tunnels;
  }

  /** The subscription form as typed. */
  public record WebhookForm(
      String url,
      List<String> eventTypes,
      String tunnelId,
      String description,
      FieldErrors errors) {

    public boolean has(String type) {
      return eventTypes != null && eventTypes.contains(type);
    }
  }

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        Page<Webhook> page, String cursor, Map<String, String> tunnelNames);

    static native TemplateInstance create(
        WebhookForm form, List<String> eventTypes, List<Tunnel> tunnels);

    static native TemplateInstance secret(WebhookWithSecret created, boolean rotated);
  }

  @GET
  public Uni<TemplateInstance> list(@QueryParam("cursor") String cursor) {
    return Uni.combine()
        .all()
        .unis(webhooks.list(50, Query.trim(cursor)), tunnels.list(null, null, 200, null))
        .asTuple()
        .map(t -> Templates.list(t.getItem1(), Query.trim(cursor), names(t.getItem2().items())));
  }

  @GET
  @Path("new")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> createForm() {
    var form = new WebhookForm("", List.of("tunnel.health_changed"), "", "", FieldErrors.none());
    return tunnels
        .list(null, null, 200, null)
        .map(page -> Templates.create(form, EVENT_TYPES, page.items()));
  }

  @POST
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> create(
      @RestForm String url,
      @RestForm List<String> eventType,
      @RestForm String tunnelId,
      @RestForm String description) {
    var types = eventType == null ? List.<String>of() : eventType;
    var form = new WebhookForm(url, types, tunnelId, description, FieldErrors.none());
    return webhooks
        .create(
            new WebhookRequest(
                Query.trim(url), types, Query.trim(tunnelId), Query.trim(description), null))
        .map(
            created ->
                RestResponse.status(RestResponse.Status.CREATED, Templates.secret(created, false)))
        .onFailure(ApiProblem.class)
        .recoverWithUni(
            failure -> {
              var problem = (ApiProblem) failure;
              if (!problem.isFormProblem()) {
                return Uni.createFrom().failure(problem);
              }
              var again =
                  new WebhookForm(
                      url, types, tunnelId, description, FieldErrors.from(problem, FIELDS));
              return tunnels
                  .list(null, null, 200, null)
                  .map(
                      page ->
                          RestResponse.status(
                              RestResponse.Status.fromStatusCode(problem.status()),
                              Templates.create(again, EVENT_TYPES, page.items())));
            });
  }

  /** The secret page after a rotation. */
  static TemplateInstance rotated(WebhookWithSecret rotated) {
    return Templates.secret(rotated, true);
  }

  static Map<String, String> names(List<Tunnel> tunnels) {
    return tunnels.stream().collect(Collectors.toMap(Tunnel::id, Tunnel::name, (a, b) -> a));
  }
}
