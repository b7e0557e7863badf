package dev.outpost.service.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.Topic;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Where a use case records an event that must reach Kafka. Call it inside the use case's own
 * transaction: the event is committed with the change it describes, or not at all, and the {@link
 * OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

  private final OutboxRepository repository;
  private final ObjectMapper json;
  private final Clock clock;

  Outbox(OutboxRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
    this.clock = Clock.systemUTC();
  }

  /**
   * Adds an event to the current transaction.
   *
   * @param topic where it goes
   * @param key the record key: the id of the entity it is about, which keeps that entity's events
   *     in order
   * @param type the CloudEvent type
   * @param payload serialized as JSON
   * @return the event's id
   */
  public Uni<UUID> enqueue(Topic topic, String key, String type, Object payload) {
    var event = new OutboxEventEntity();
    event.eventId = UUID.randomUUID();
    event.topic = topic.topicName();
    event.recordKey = key;
    event.type = type;
    event.createdAt = OffsetDateTime.now(clock);
    try {
      event.payload = json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      return Uni.createFrom()
          .failure(new IllegalArgumentException("event payload is not serializable", e));
    }
    return repository.persist(event).replaceWith(event.eventId);
  }

  /**
   * Adds a tombstone (a record with no value) for {@code key} of a compacted topic: the way to say
   * the entity is gone.
   */
  public Uni<UUID> enqueueTombstone(Topic topic, String key, String type) {
    var event = new OutboxEventEntity();
    event.eventId = UUID.randomUUID();
    event.topic = topic.topicName();
    event.recordKey = key;
    event.type = type;
    event.createdAt = OffsetDateTime.now(clock);
    event.payload = null;
    return repository.persist(event).replaceWith(event.eventId);
  }
}
