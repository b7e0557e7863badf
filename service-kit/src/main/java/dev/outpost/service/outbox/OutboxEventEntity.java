package dev.outpost.service.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One event waiting for (or done with) its trip to Kafka. Persistence only. */
@Entity
@Table(name = "outbox_event")
public class OutboxEventEntity {

  /** Publication order. */
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  /** The CloudEvent id, stable across re-sends so consumers can drop duplicates. */
  @Column(name = "event_id", nullable = false, unique = true)
  public UUID eventId;

  @Column(nullable = false)
  public String topic;

  @Column(name = "record_key", nullable = false)
  public String recordKey;

  /** The CloudEvent type, for example {@code dev.outpost.tunnel.created.v1}. */
  @Column(nullable = false)
  public String type;

  /** The record's value as JSON; null for a tombstone. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String payload;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "published_at")
  public OffsetDateTime publishedAt;
}
