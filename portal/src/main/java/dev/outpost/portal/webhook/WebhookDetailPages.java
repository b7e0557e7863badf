package dev.outpost.portal.webhook;

import dev.outpost.portal.config.PortalConfig;
import dev.outpost.portal.web.Confirmation;
import dev.outpost.portal.web.CurrentUser;
import dev.outpost.portal.web.Ids;
import dev.outpost.portal.web.Page;
import dev.outpost.portal.webhook.WebhookClient.Delivery;
import dev.outpost.portal.webhook.WebhookClient.Webhook;
import dev.outpost.portal.webhook.WebhookClient.WebhookRequest;
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
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A subscription's page: its delivery log with every attempt (refreshed while a delivery is
 * pending), sending a test event, redelivering, pausing and resuming; rotating the secret and
 * deleting behind a confirmation.
 */
@Path("/webhooks/{id: " + Ids.UUID + "}")
@Produces(MediaType.TEXT_HTML)
public class WebhookDetailPages {

  private final WebhookClient webhooks;
  private final PortalConfig config;

  WebhookDetailPages(@RestClient WebhookClient webhooks, PortalConfig config) {
    this.webhooks = webhooks;
    this.config = config;
  }

  /** The delivery log as a page shows it; {@code poll} is set while a delivery is pending. */
  public record Log(Webhook webhook, Page<Delivery> deliveries, String cursor, String poll) {}

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance webhook(Log log);

    static native TemplateInstance deliveries(Log log);
  }

  @GET
  public Uni<TemplateInstance> page(
      @PathParam("id") String id, @QueryParam("cursor") String cursor) {
    return log(Ids.uuid(id), cursor).map(Templates::webhook);
  }

  /** The delivery log alone, which htmx swaps in while deliveries are pending. */
  @GET
  @Path("deliveries")
  public Uni<TemplateInstance> deliveries(
      @PathParam("id") String id, @QueryParam("cursor") String cursor) {
    return log(Ids.uuid(id), cursor).map(Templates::deliveries);
  }

  @POST
  @Path("test")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> sendTest(@PathParam("id") String id) {
    var webhook = Ids.uuid(id);
    return webhooks.sendTest(webhook).map(queued -> toLog(webhook));
  }

  @POST
  @Path("deliveries/{deliveryId}/redeliver")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> redeliver(
      @PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
    var webhook = Ids.uuid(id);
    return webhooks.redeliver(webhook, Ids.uuid(deliveryId)).map(queued -> toLog(webhook));
  }

  /** Pause or resume: a paused subscription keeps its events and sends them when resumed. */
  @POST
  @Path("enabled")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> enable(@PathParam("id") String id, @RestForm boolean enabled) {
    var webhook = Ids.uuid(id);
    return webhooks
        .update(webhook, new WebhookRequest(null, null, null, null, enabled))
        .map(updated -> RestResponse.seeOther(URI.create(pathOf(webhook))));
  }

  @GET
  @Path("rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmRotation(@PathParam("id") String id) {
    return webhooks.get(Ids.uuid(id)).map(w -> rotation(w).page());
  }

  @POST
  @Path("rotate")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<TemplateInstance>> rotate(
      @PathParam("id") String id, @RestForm String confirm) {
    var webhook = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(webhook) + "/rotate")));
    }
    return webhooks
        .rotateSecret(webhook, Map.of())
        .map(rotated -> RestResponse.ok(WebhookPages.rotated(rotated)));
  }

  @GET
  @Path("delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<TemplateInstance> confirmDeletion(@PathParam("id") String id) {
    return webhooks.get(Ids.uuid(id)).map(w -> deletion(w).page());
  }

  @POST
  @Path("delete")
  @RolesAllowed(CurrentUser.ADMIN_ROLE)
  public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @RestForm String confirm) {
    var webhook = Ids.uuid(id);
    if (!Confirmation.confirmed(confirm)) {
      return Uni.createFrom().item(RestResponse.seeOther(URI.create(pathOf(webhook) + "/delete")));
    }
    return webhooks.delete(webhook).map(nothing -> RestResponse.seeOther(URI.create("/webhooks")));
  }

  private Uni<Log> log(String webhook, String cursor) {
    var position = cursor == null || cursor.isBlank() ? null : cursor.trim();
    return Uni.combine()
        .all()
        .unis(webhooks.get(webhook), webhooks.deliveries(webhook, 25, position))
        .asTuple()
        .map(
            t -> {
              boolean pending =
                  t.getItem2().items().stream().anyMatch(d -> "pending".equals(d.state()));
              return new Log(
                  t.getItem1(),
                  t.getItem2(),
                  position,
                  pending ? "every " + config.statusPollInterval().toMillis() + "ms" : null);
            });
  }

  private static Confirmation rotation(Webhook w) {
    return new Confirmation(
        "webhooks",
        "Rotate the signing secret",
        "Give the subscription to " + w.url() + " a new signing secret?",
        "For a day, deliveries carry signatures with both the old and the new secret, so the"
            + " receiver can switch without losing one. The new secret is shown once on the next"
            + " page.",
        pathOf(w.id()) + "/rotate",
        "Rotate secret",
        pathOf(w.id()),
        null);
  }

  private static Confirmation deletion(Webhook w) {
    return new Confirmation(
        "webhooks",
        "Delete this subscription",
        "Stop sending events to " + w.url() + " and delete the subscription?",
        "Deliveries not yet made are dropped, and its delivery log goes with it.",
        pathOf(w.id()) + "/delete",
        "Delete subscription",
        pathOf(w.id()),
        null);
  }

  private static RestResponse<Void> toLog(String webhook) {
    return RestResponse.seeOther(URI.create(pathOf(webhook) + "#deliveries"));
  }

  static String pathOf(String webhookId) {
    return "/webhooks/" + webhookId;
  }
}
