package dev.outpost.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.api.background.Retrying;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns the tunnel events topic's records into deliveries: each event a tenant's subscriptions want
 * becomes one delivery per subscription, in PostgreSQL, in one transaction; then the dispatcher is
 * woken. Idempotent (a record seen again queues nothing new), and a failure to queue (the database
 * away) is retried until it succeeds, so no event is skipped and a tunnel's events stay in order.
 */
@ApplicationScoped
public class WebhookEventListener {

  static final String CHANNEL = "webhook-events";
  private static final Logger LOG = Logger.getLogger(WebhookEventListener.class);

  private final WebhookDeliveryRepository deliveries;
  private final WebhookMessages messages;
  private final WebhookDispatcher dispatcher;
  private final ObjectMapper json;

  WebhookEventListener(
      WebhookDeliveryRepository deliveries,
      WebhookMessages messages,
      WebhookDispatcher dispatcher,
      ObjectMapper json) {
    this.deliveries = deliveries;
    this.messages = messages;
    this.dispatcher = dispatcher;
    this.json = json;
  }

  @Incoming(CHANNEL)
  public Uni<Void> onRecord(ConsumerRecord<String, String> record) {
    var type = WebhookEventType.ofTopicType(header(record, "ce_type"));
    if (type.isEmpty() || record.value() == null) {
      return Uni.createFrom().voidItem(); // not something tenants subscribe to
    }
    UUID eventId;
    UUID tenantId;
    UUID tunnelId;
    JsonNode data;
    try {
      eventId = UUID.fromString(header(record, "ce_id"));
      data = json.readTree(record.value());
      tenantId = UUID.fromString(data.path("tenantId").asText());
      tunnelId = UUID.fromString(data.path("tunnelId").asText(record.key()));
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      // A record we cannot read would block the partition forever if it failed the stream.
      LOG.warnf("skipping an unreadable tunnel event: %s", e.getMessage());
      return Uni.createFrom().voidItem();
    }
    var occurredAt = time(header(record, "ce_time"));
    var event =
        new WebhookDeliveryRepository.Event(
            eventId,
            type.get().wireName(),
            tunnelId.toString(),
            messages.body(eventId, type.get(), tunnelId.toString(), occurredAt, data),
            occurredAt);
    return Retrying.inTransaction(
            "queueing event " + eventId + " for webhooks",
            () -> deliveries.fanOut(tenantId, tunnelId, event, OffsetDateTime.now()))
        .invoke(
            queued -> {
              if (queued > 0) {
                dispatcher.wake();
              }
            })
        .replaceWithVoid();
  }

  private static OffsetDateTime time(String header) {
    if (header != null) {
      try {
        return OffsetDateTime.parse(header);
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    return OffsetDateTime.now();
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
