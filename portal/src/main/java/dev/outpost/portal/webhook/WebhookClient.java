package dev.outpost.portal.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.portal.web.ApiProblems;
import dev.outpost.portal.web.Page;
import io.quarkus.oidc.token.propagation.common.AccessToken;
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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The api-service's webhook subscriptions and delivery log, called with the user's token. */
@RegisterRestClient(configKey = "api")
@RegisterProvider(ApiProblems.class)
@AccessToken
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface WebhookClient {

  /**
   * @param status active, failing or disabled
   */
  record Webhook(
      String id,
      String url,
      List<String> eventTypes,
      String tunnelId,
      String description,
      boolean enabled,
      String status,
      OffsetDateTime failingSince,
      OffsetDateTime lastSuccessAt,
      OffsetDateTime disabledAt,
      String disabledReason,
      OffsetDateTime secretRotatedAt,
      OffsetDateTime previousSecretExpiresAt,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  /** The answer to a creation or a rotation: the only time the signing secret is shown. */
  record WebhookWithSecret(Webhook webhook, String secret) {}

  /** What a creation or a change sends; absent (null) fields of a change stay as they are. */
  record WebhookRequest(
      String url, List<String> eventTypes, String tunnelId, String description, Boolean enabled) {}

  record Attempt(
      OffsetDateTime attemptedAt,
      String outcome,
      Integer statusCode,
      int latencyMs,
      String responseExcerpt,
      String error) {}

  /**
   * @param state pending or delivered
   */
  record Delivery(
      String id,
      String eventId,
      String eventType,
      String state,
      int attemptCount,
      OffsetDateTime createdAt,
      OffsetDateTime nextAttemptAt,
      OffsetDateTime deliveredAt,
      String redeliveryOf,
      List<Attempt> attempts,
      JsonNode payload) {

    /** The body sent, pretty-printed, or empty. */
    public String payloadText() {
      return payload == null || payload.isNull() ? "" : payload.toPrettyString();
    }
  }

  @GET
  Uni<Page<Webhook>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

  @POST
  Uni<WebhookWithSecret> create(WebhookRequest request);

  @GET
  @Path("/{id}")
  Uni<Webhook> get(@PathParam("id") String id);

  @PATCH
  @Path("/{id}")
  Uni<Webhook> update(@PathParam("id") String id, WebhookRequest request);

  @DELETE
  @Path("/{id}")
  Uni<Void> delete(@PathParam("id") String id);

  @POST
  @Path("/{id}/secret")
  Uni<WebhookWithSecret> rotateSecret(@PathParam("id") String id, Map<String, String> options);

  @GET
  @Path("/{id}/deliveries")
  Uni<Page<Delivery>> deliveries(
      @PathParam("id") String id,
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor);

  @POST
  @Path("/{id}/deliveries/{deliveryId}/redeliver")
  Uni<Delivery> redeliver(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId);

  @POST
  @Path("/{id}/test")
  Uni<Delivery> sendTest(@PathParam("id") String id);
}
