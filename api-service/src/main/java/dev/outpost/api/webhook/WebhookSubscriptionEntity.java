package dev.outpost.api.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook subscription. Persistence only. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscriptionEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String url;

  /** Space-separated webhook event types. */
  @Column(name = "event_types", nullable = false)
  public String eventTypes;

  /** Only this tunnel's events, or every tunnel's when null. */
  @Column(name = "tunnel_id")
  public UUID tunnelId;

  public String description;

  @Column(nullable = false)
  public boolean enabled;

  @Column(name = "secret_sealed", nullable = false)
  public String secretSealed;

  @Column(name = "previous_secret_sealed")
  public String previousSecretSealed;

  /** Deliveries are signed with the previous secret as well until then. */
  @Column(name = "previous_secret_until")
  public OffsetDateTime previousSecretUntil;

  @Column(name = "secret_rotated_at")
  public OffsetDateTime secretRotatedAt;

  @Column(name = "failing_since")
  public OffsetDateTime failingSince;

  @Column(name = "last_success_at")
  public OffsetDateTime lastSuccessAt;

  @Column(name = "disabled_at")
  public OffsetDateTime disabledAt;

  /** Why the platform disabled it; null when enabled, or disabled by the tenant. */
  @Column(name = "disabled_reason")
  public String disabledReason;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  public List<String> eventTypeList() {
    return Arrays.asList(eventTypes.split(" "));
  }
}
