package dev.outpost.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.audit.AuditLog;
import dev.outpost.api.security.Caller;
import dev.outpost.api.security.Scope;
import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A subscription's delivery log (every attempt: time, outcome, status code, latency, the start of
 * the answer), redelivering one delivery, and sending a test event. The caller wakes the dispatcher
 * once the transaction has committed.
 */
@ApplicationScoped
public class WebhookDeliveryService {

  private final WebhookService webhooks;
  private final WebhookDeliveryRepository deliveries;
  private final WebhookMessages messages;
  private final AuditLog audit;
  private final ObjectMapper json;

  WebhookDeliveryService(
      WebhookService webhooks,
      WebhookDeliveryRepository deliveries,
      WebhookMessages messages,
      AuditLog audit,
      ObjectMapper json) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.messages = messages;
    this.audit = audit;
    this.json = json;
  }

  /** The subscription's deliveries, newest first, each with its attempts. */
  @WithSession
  public Uni<Page<WebhookViews.DeliveryView>> list(
      Caller caller, UUID webhookId, Integer limit, String cursor) {
    caller.require(Scope.WEBHOOKS_READ);
    int size = Page.size(limit);
    var before = Page.numericCursor(cursor);
    return webhooks
        .existing(caller, webhookId)
        .flatMap(s -> deliveries.page(caller.tenant(), s.id, before, size + 1))
        .flatMap(
            found ->
                deliveries
                    .attemptsOf(found.stream().map(d -> d.id).toList())
                    .map(
                        attempts -> {
                          var byDelivery =
                              attempts.stream().collect(Collectors.groupingBy(a -> a.deliveryId));
                          var views =
                              found.stream()
                                  .map(
                                      d ->
                                          new Cursored(
                                              d.seq,
                                              WebhookViews.delivery(
                                                  d,
                                                  byDelivery.getOrDefault(d.id, List.of()),
                                                  null)))
                                  .toList();
                          var page = Page.of(views, size, c -> Long.toString(c.seq()));
                          return new Page<>(
                              page.items().stream().map(Cursored::view).toList(),
                              page.nextCursor());
                        }));
  }

  private record Cursored(long seq, WebhookViews.DeliveryView view) {}

  /** One delivery with its attempts and the body sent. */
  @WithSession
  public Uni<WebhookViews.DeliveryView> get(Caller caller, UUID webhookId, UUID deliveryId) {
    caller.require(Scope.WEBHOOKS_READ);
    return delivery(caller, webhookId, deliveryId)
        .flatMap(
            d ->
                deliveries
                    .attemptsOf(List.of(d.id))
                    .map(attempts -> WebhookViews.delivery(d, attempts, payload(d.payload))));
  }

  /**
   * Sends a delivery's event again, as a new delivery queued behind the tunnel's pending ones, with
   * the same {@code webhook-id} (receivers that deduplicate see it as the same event).
   */
  @WithTransaction
  public Uni<WebhookViews.DeliveryView> redeliver(Caller caller, UUID webhookId, UUID deliveryId) {
    caller.require(Scope.WEBHOOKS_WRITE);
    var now = OffsetDateTime.now();
    return delivery(caller, webhookId, deliveryId)
        .flatMap(
            original ->
                deliveries
                    .queue(
                        caller.tenant(),
                        webhookId,
                        new WebhookDeliveryRepository.Event(
                            original.eventId,
                            original.eventType,
                            original.orderKey,
                            original.payload,
                            now),
                        original.id,
                        now)
                    .call(
                        id ->
                            audit.record(
                                caller,
                                "webhook.redelivery-requested",
                                "webhook",
                                webhookId.toString(),
                                Map.of(
                                    "deliveryId", original.id.toString(),
                                    "redeliveryId", id.toString(),
                                    "eventId", original.eventId.toString()))))
        .flatMap(id -> deliveries.findById(id))
        .map(d -> WebhookViews.delivery(d, List.of(), null));
  }

  /**
   * Queues a {@code webhook.test} event for the subscription, whatever types it wants, so the
   * tenant can check the receiver and its signature checks. The subscription must be enabled.
   */
  @WithTransaction
  public Uni<WebhookViews.DeliveryView> sendTest(Caller caller, UUID webhookId) {
    caller.require(Scope.WEBHOOKS_WRITE);
    var now = OffsetDateTime.now();
    return webhooks
        .existing(caller, webhookId)
        .flatMap(
            s -> {
              if (!s.enabled) {
                throw ProblemException.conflict(
                    "webhook " + webhookId + " is disabled; enable it to send it events");
              }
              var test =
                  messages.raise(
                      WebhookEventType.WEBHOOK_TEST,
                      s.id.toString(),
                      now,
                      Map.of(
                          "subscriptionId",
                          s.id.toString(),
                          "message",
                          "a test event from Outpost, sent on request"));
              return deliveries.queue(caller.tenant(), s.id, test, null, now);
            })
        .call(
            id ->
                audit.record(
                    caller,
                    "webhook.test-sent",
                    "webhook",
                    webhookId.toString(),
                    Map.of("deliveryId", id.toString())))
        .flatMap(id -> deliveries.findById(id))
        .map(d -> WebhookViews.delivery(d, List.of(), null));
  }

  private Uni<WebhookDeliveryEntity> delivery(Caller caller, UUID webhookId, UUID deliveryId) {
    return webhooks
        .existing(caller, webhookId)
        .flatMap(s -> deliveries.findInTenant(caller.tenant(), s.id, deliveryId))
        .map(
            d -> {
              if (d == null) {
                throw ProblemException.notFound("delivery " + deliveryId);
              }
              return d;
            });
  }

  private JsonNode payload(String payload) {
    try {
      return json.readTree(payload);
    } catch (JsonProcessingException e) {
      return json.getNodeFactory().textNode(payload);
    }
  }
}
