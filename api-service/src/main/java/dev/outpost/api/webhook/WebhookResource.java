package dev.outpost.api.webhook;

import dev.outpost.api.security.Callers;
import dev.outpost.api.webhook.WebhookService.WebhookRequest;
import dev.outpost.api.webhook.WebhookViews.DeliveryView;
import dev.outpost.api.webhook.WebhookViews.WebhookView;
import dev.outpost.api.webhook.WebhookViews.WebhookWithSecret;
import dev.outpost.service.problem.ProblemException;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Webhook subscriptions of the caller's tenant, their delivery log, redelivery and test events. */
@Path("/v1/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "webhooks", description = "Signed CloudEvents POSTed to the tenant's receivers")
public class WebhookResource {

  private final Callers callers;
  private final WebhookService webhooks;
  private final WebhookDeliveryService deliveries;
  private final WebhookDispatcher dispatcher;

  WebhookResource(
      Callers callers,
      WebhookService webhooks,
      WebhookDeliveryService deliveries,
      WebhookDispatcher dispatcher) {
    this.callers = callers;
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
  }

  /** A rotation's options. */
  public record RotateSecretRequest(String gracePeriod) {}

  @POST
  @Operation(
      summary = "Subscribe a URL to events",
      description =
          "eventTypes: tunnel.health_changed, tunnel.created, tunnel.deleted, connector.connected,"
              + " connector.disconnected, tunnel.config_applied, webhook.disabled. tunnelId limits"
              + " it to one tunnel. The answer holds the signing secret (whsec_...), never shown"
              + " again.")
  public Uni<Response> create(WebhookRequest request) {
    var body = request == null ? new WebhookRequest(null, null, null, null, null) : request;
    return callers
        .current()
        .flatMap(caller -> webhooks.create(caller, body))
        .map(
            created ->
                Response.created(URI.create("/v1/webhooks/" + created.webhook().id()))
                    .entity(created)
                    .build());
  }

  @GET
  @Operation(summary = "List the subscriptions (never their secrets)")
  public Uni<Page<WebhookView>> list(
      @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
    return callers.current().flatMap(caller -> webhooks.list(caller, limit, cursor));
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Get a subscription and its delivery status")
  public Uni<WebhookView> get(@PathParam("id") String id) {
    return callers.current().flatMap(caller -> webhooks.get(caller, uuid(id, "webhook")));
  }

  @PATCH
  @Path("/{id}")
  @Operation(
      summary = "Change a subscription",
      description =
          "Absent fields stay; tunnelId \"\" removes the tunnel filter. enabled=true on a disabled"
              + " subscription sends what it held back, in order.")
  public Uni<WebhookView> update(@PathParam("id") String id, WebhookRequest request) {
    var body = request == null ? new WebhookRequest(null, null, null, null, null) : request;
    return callers
        .current()
        .flatMap(caller -> webhooks.update(caller, uuid(id, "webhook"), body))
        .invoke(dispatcher::wake);
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Delete a subscription, its pending deliveries and its log")
  public Uni<Response> delete(@PathParam("id") String id) {
    return callers
        .current()
        .flatMap(caller -> webhooks.delete(caller, uuid(id, "webhook")))
        .map(nothing -> Response.noContent().build());
  }

  @POST
  @Path("/{id}/secret")
  @Operation(
      summary = "Rotate the signing secret",
      description =
          "The new secret is in this answer only. Deliveries are signed with the old one as well"
              + " for gracePeriod (ISO-8601, PT0S to P7D; 24 h by default).")
  public Uni<WebhookWithSecret> rotateSecret(
      @PathParam("id") String id, RotateSecretRequest request) {
    var grace = request == null ? null : request.gracePeriod();
    return callers
        .current()
        .flatMap(caller -> webhooks.rotateSecret(caller, uuid(id, "webhook"), grace));
  }

  @GET
  @Path("/{id}/deliveries")
  @Operation(summary = "The delivery log: deliveries, newest first, each with every attempt")
  public Uni<Page<DeliveryView>> deliveries(
      @PathParam("id") String id,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor) {
    return callers
        .current()
        .flatMap(caller -> deliveries.list(caller, uuid(id, "webhook"), limit, cursor));
  }

  @GET
  @Path("/{id}/deliveries/{deliveryId}")
  @Operation(summary = "One delivery, its attempts and the body sent")
  public Uni<DeliveryView> delivery(
      @PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
    return callers
        .current()
        .flatMap(
            caller -> deliveries.get(caller, uuid(id, "webhook"), uuid(deliveryId, "delivery")));
  }

  @POST
  @Path("/{id}/deliveries/{deliveryId}/redeliver")
  @Operation(summary = "Send a delivery's event again (same webhook-id), behind pending ones")
  public Uni<Response> redeliver(
      @PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
    return callers
        .current()
        .flatMap(
            caller ->
                deliveries.redeliver(caller, uuid(id, "webhook"), uuid(deliveryId, "delivery")))
        .invoke(dispatcher::wake)
        .map(queued -> accepted(id, queued));
  }

  @POST
  @Path("/{id}/test")
  @Operation(summary = "Send a webhook.test event to this subscription now")
  public Uni<Response> sendTest(@PathParam("id") String id) {
    return callers
        .current()
        .flatMap(caller -> deliveries.sendTest(caller, uuid(id, "webhook")))
        .invoke(dispatcher::wake)
        .map(queued -> accepted(id, queued));
  }

  private static Response accepted(String webhookId, DeliveryView queued) {
    return Response.accepted(queued)
        .location(URI.create("/v1/webhooks/" + webhookId + "/deliveries/" + queued.id()))
        .build();
  }

  /** A malformed id names nothing of the caller's: 404, like any other unknown id. */
  private static UUID uuid(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound(what + " " + id);
    }
  }
}
