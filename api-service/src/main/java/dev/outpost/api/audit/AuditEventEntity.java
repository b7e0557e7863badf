package dev.outpost.api.audit;

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

/** One recorded change. Persistence only. */
@Entity
@Table(name = "audit_event")
public class AuditEventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "actor_type", nullable = false)
  public String actorType;

  @Column(name = "actor_id", nullable = false)
  public String actorId;

  @Column(nullable = false)
  public String action;

  @Column(name = "resource_type", nullable = false)
  public String resourceType;

  @Column(name = "resource_id", nullable = false)
  public String resourceId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String details;

  @Column(name = "source_address")
  public String sourceAddress;

  @Column(name = "occurred_at", nullable = false)
  public OffsetDateTime occurredAt;
}
