package dev.outpost.api.webhook;

import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Writes down how an attempt went, in one transaction with the delivery's row locked: the attempt
 * joins the delivery log; a success closes the delivery and ends the subscription's failing streak;
 * a failure schedules the next try (exponential backoff with jitter) and, once the subscription has
 * been failing for {@code outpost.webhooks.disable-after}, disables it and tells the tenant: a
 * {@code webhook.disabled} event to its other subscriptions that want it, and an audit entry by the
 * platform.
 */
@ApplicationScoped
public class AttemptRecorder {

  private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);

  /** Who the audit log names for what the dispatcher decides. */
  static final String ACTOR = "webhook-dispatcher";

  private final WebhookDeliveryRepository deliveries;
  private final WebhookSubscriptionRepository subscriptions;
  private final WebhookMessages messages;
  private final AuditLog audit;
  private final RetrySchedule schedule;

  AttemptRecorder(
      WebhookDeliveryRepository deliveries,
      WebhookSubscriptionRepository subscriptions,
      WebhookMessages messages,
      AuditLog audit,
      WebhookConfig config) {
    this.deliveries = deliveries;
    this.subscriptions = subscriptions;
    this.messages = messages;
    this.audit = audit;
    this.schedule = config.schedule();
  }

  /** Records {@code attempt} of delivery {@code deliveryId}, made at {@code at}. */
  public Uni<Void> record(UUID deliveryId, WebhookClient.Attempt attempt, OffsetDateTime at) {
    return Panache.withTransaction(
        () ->
            deliveries
                .lock(deliveryId)
                .flatMap(
                    delivery -> {
                      // Gone with its subscription, or recorded by a dispatcher whose lease we
                      // outlived: nothing left to do.
                      if (delivery == null
                          || !WebhookDeliveryEntity.PENDING.equals(delivery.state)) {
                        return Uni.createFrom().voidItem();
                      }
                      return deliveries
                          .persistAttempt(logEntry(deliveryId, attempt, at))
                          .flatMap(
                              logged ->
                                  attempt.succeeded()
                                      ? succeeded(delivery, attempt)
                                      : failed(delivery, attempt, at));
                    }));
  }

  private static WebhookAttemptEntity logEntry(
      UUID deliveryId, WebhookClient.Attempt attempt, OffsetDateTime at) {
    var entry = new WebhookAttemptEntity();
    entry.deliveryId = deliveryId;
    entry.attemptedAt = at;
    entry.outcome = attempt.outcome().wireName;
    entry.statusCode = attempt.statusCode();
    entry.latencyMs = attempt.latencyMs();
    entry.responseExcerpt = attempt.responseExcerpt();
    entry.error = attempt.error();
    return entry;
  }

  private Uni<Void> succeeded(WebhookDeliveryEntity delivery, WebhookClient.Attempt attempt) {
    var now = OffsetDateTime.now();
    close(delivery, attempt.statusCode(), null);
    delivery.state = WebhookDeliveryEntity.DELIVERED;
    delivery.deliveredAt = now;
    return subscriptions
        .update(
            "lastSuccessAt = ?1, failingSince = null where id = ?2", now, delivery.subscriptionId)
        .replaceWithVoid();
  }

  private Uni<Void> failed(
      WebhookDeliveryEntity delivery, WebhookClient.Attempt attempt, OffsetDateTime at) {
    var now = OffsetDateTime.now();
    close(delivery, attempt.statusCode(), attempt.error());
    delivery.nextAttemptAt =
        now.plus(schedule.delayAfter(delivery.attempts, ThreadLocalRandom.current()));
    return subscriptions
        .lockInTenant(delivery.tenantId, delivery.subscriptionId)
        .flatMap(
            subscription -> {
              if (subscription == null || !subscription.enabled) {
                return Uni.createFrom().voidItem();
              }
              if (subscription.failingSince == null) {
                subscription.failingSince = at;
                return Uni.createFrom().voidItem();
              }
              if (!schedule.givesUp(subscription.failingSince.toInstant(), now.toInstant())) {
                return Uni.createFrom().voidItem();
              }
              return disable(subscription, attempt, now);
            });
  }

  private static void close(WebhookDeliveryEntity delivery, Integer status, String error) {
    delivery.attempts++;
    delivery.leasedUntil = null;
    delivery.lastStatusCode = status;
    delivery.lastError = error;
  }

  private Uni<Void> disable(
      WebhookSubscriptionEntity subscription, WebhookClient.Attempt last, OffsetDateTime now) {
    var failingFor = Duration.between(subscription.failingSince, now);
    subscription.enabled = false;
    subscription.disabledAt = now;
    subscription.updatedAt = now;
    subscription.disabledReason =
        "deliveries failed for "
            + failingFor.withNanos(0)
            + " (since "
            + subscription.failingSince
            + "); the last attempt: "
            + (last.error() == null ? last.outcome().wireName : last.error());
    LOG.infof(
        "webhook %s of tenant %s disabled: %s",
        subscription.id, subscription.tenantId, subscription.disabledReason);
    var data = new LinkedHashMap<String, Object>();
    data.put("subscriptionId", subscription.id.toString());
    data.put("url", subscription.url);
    data.put("failingSince", subscription.failingSince.toString());
    data.put("disabledAt", now.toString());
    data.put("reason", subscription.disabledReason);
    var notice =
        messages.raise(WebhookEventType.WEBHOOK_DISABLED, subscription.id.toString(), now, data);
    var system = new Caller(subscription.tenantId, "system", ACTOR, Set.of(), false, false, null);
    return audit
        .record(
            system,
            subscription.tenantId,
            "webhook.disabled",
            "webhook",
            subscription.id.toString(),
            Map.of("reason", subscription.disabledReason))
        .call(() -> deliveries.fanOut(subscription.tenantId, null, notice, now))
        .replaceWithVoid();
  }
}
