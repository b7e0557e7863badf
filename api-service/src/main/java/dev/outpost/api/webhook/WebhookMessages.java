package dev.outpost.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a receiver gets: a CloudEvent (specversion 1.0) in JSON as the body, and the Standard
 * Webhooks headers {@code webhook-id} (the event id, the same on every retry and redelivery),
 * {@code webhook-timestamp} (Unix seconds of the attempt) and {@code webhook-signature}.
 */
@ApplicationScoped
public class WebhookMessages {

  /** The CloudEvents media type of a structured-mode body. */
  static final String CONTENT_TYPE = "application/cloudevents+json";

  static final String SOURCE = "/outpost/api-service";

  private final ObjectMapper json;

  WebhookMessages(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The body for an event: {@code data} is the event's own JSON.
   *
   * @param subject what the event is about (a tunnel id, a subscription id)
   */
  public String body(
      UUID id, WebhookEventType type, String subject, OffsetDateTime time, JsonNode data) {
    ObjectNode event = json.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", id.toString());
    event.put("source", SOURCE);
    event.put("type", type.wireName());
    event.put("subject", subject);
    event.put("time", time.toInstant().toString());
    event.put("datacontenttype", "application/json");
    event.set("data", data);
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A new event the api-service itself raises (not from the tunnel events topic): a fresh id, the
   * body, and the subject as its order key.
   */
  public WebhookDeliveryRepository.Event raise(
      WebhookEventType type, String subject, OffsetDateTime at, Map<String, ?> data) {
    var id = UUID.randomUUID();
    return new WebhookDeliveryRepository.Event(
        id, type.wireName(), subject, body(id, type, subject, at, json.valueToTree(data)), at);
  }

  /** The headers of one attempt to deliver {@code body}, signed with every secret in force. */
  public static Map<String, String> headers(
      UUID eventId, String body, List<String> secrets, Instant now) {
    long timestamp = now.getEpochSecond();
    var headers = new LinkedHashMap<String, String>();
    headers.put("content-type", CONTENT_TYPE);
    headers.put("user-agent", "Outpost-Webhooks/1");
    headers.put("webhook-id", eventId.toString());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put(
        "webhook-signature",
        WebhookSignature.header(
            secrets, eventId.toString(), timestamp, body.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }
}
