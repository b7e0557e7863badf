package dev.outpost.api.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One event owed to one subscription. Rows are inserted with SQL (see the repository). */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDeliveryEntity {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";

  @Id public UUID id;

  /** Delivery order within (subscription, order key); assigned by the database. */
  @Column(insertable = false, updatable = false)
  public Long seq;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "subscription_id", nullable = false)
  public UUID subscriptionId;

  @Column(name = "order_key", nullable = false)
  public String orderKey;

  @Column(name = "event_id", nullable = false)
  public UUID eventId;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  @Column(nullable = false)
  public String payload;

  @Column(nullable = false)
  public String state;

  @Column(nullable = false)
  public int attempts;

  @Column(name = "next_attempt_at", nullable = false)
  public OffsetDateTime nextAttemptAt;

  @Column(name = "leased_until")
  public OffsetDateTime leasedUntil;

  @Column(name = "redelivery_of")
  public UUID redeliveryOf;

  @Column(name = "last_status_code")
  public Integer lastStatusCode;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "delivered_at")
  public OffsetDateTime deliveredAt;
}
