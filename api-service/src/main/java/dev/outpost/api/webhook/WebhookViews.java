package dev.outpost.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.web.TimeIdCursor;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** How the API shows subscriptions, deliveries and attempts; never a secret. */
public final class WebhookViews {

  private WebhookViews() {}

  /**
   * A subscription.
   *
   * @param status {@code active}; {@code failing} (enabled, deliveries failing since {@code
   *     failingSince}); {@code disabled} (by the tenant, or by the platform after failing for too
   *     long: then {@code disabledReason} says why)
   */
  public record WebhookView(
      UUID id,
      String url,
      List<String> eventTypes,
      UUID tunnelId,
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

  /** The answer to a creation or a rotation: the only time the secret is shown. */
  public record WebhookWithSecret(WebhookView webhook, String secret) {}

  /** One attempt of the delivery log. */
  public record AttemptView(
      OffsetDateTime attemptedAt,
      String outcome,
      Integer statusCode,
      int latencyMs,
      String responseExcerpt,
      String error) {}

  /**
   * A delivery: {@code pending} (not yet delivered: waiting its turn or its next retry) or {@code
   * delivered}; with its attempts, oldest first, and on request the body sent.
   */
  public record DeliveryView(
      UUID id,
      UUID eventId,
      String eventType,
      String state,
      int attemptCount,
      OffsetDateTime createdAt,
      OffsetDateTime nextAttemptAt,
      OffsetDateTime deliveredAt,
      UUID redeliveryOf,
      List<AttemptView> attempts,
      JsonNode payload) {}

  static WebhookView of(WebhookSubscriptionEntity s, OffsetDateTime now) {
    var status = !s.enabled ? "disabled" : s.failingSince != null ? "failing" : "active";
    var previousUntil =
        s.previousSecretUntil != null && s.previousSecretUntil.isAfter(now)
            ? s.previousSecretUntil
            : null;
    return new WebhookView(
        s.id,
        s.url,
        s.eventTypeList(),
        s.tunnelId,
        s.description,
        s.enabled,
        status,
        s.failingSince,
        s.lastSuccessAt,
        s.disabledAt,
        s.disabledReason,
        s.secretRotatedAt,
        previousUntil,
        s.createdBy,
        s.createdAt,
        s.updatedAt);
  }

  static AttemptView attempt(WebhookAttemptEntity a) {
    return new AttemptView(
        a.attemptedAt, a.outcome, a.statusCode, a.latencyMs, a.responseExcerpt, a.error);
  }

  static DeliveryView delivery(
      WebhookDeliveryEntity d, List<WebhookAttemptEntity> attempts, JsonNode payload) {
    return new DeliveryView(
        d.id,
        d.eventId,
        d.eventType,
        d.state,
        d.attempts,
        d.createdAt,
        WebhookDeliveryEntity.PENDING.equals(d.state) ? d.nextAttemptAt : null,
        d.deliveredAt,
        d.redeliveryOf,
        attempts.stream().map(WebhookViews::attempt).toList(),
        payload);
  }

  static String cursorOf(WebhookView w) {
    return TimeIdCursor.key(w.createdAt(), w.id());
  }
}
