package dev.outpost.api.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One attempt to deliver, for the delivery log. Persistence only. */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttemptEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "delivery_id", nullable = false)
  public UUID deliveryId;

  @Column(name = "attempted_at", nullable = false)
  public OffsetDateTime attemptedAt;

  @Column(nullable = false)
  public String outcome;

  @Column(name = "status_code")
  public Integer statusCode;

  @Column(name = "latency_ms", nullable = false)
  public int latencyMs;

  @Column(name = "response_excerpt")
  public String responseExcerpt;

  public String error;
}
