package dev.outpost.access.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One policy of an application. Persistence only. */
@Entity
@Table(name = "access_policy")
public class PolicyEntity {

  @Id public UUID id;

  @Column(name = "application_id", nullable = false)
  public UUID applicationId;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String name;

  /** {@code allow}, {@code deny}, {@code bypass} or {@code service_auth}. */
  @Column(nullable = false)
  public String action;

  /** 1 is evaluated first; the policies of an application are numbered without gaps. */
  @Column(nullable = false)
  public int precedence;

  /** JSON arrays of {@code {"type","value"}} selectors. */
  @Column(name = "include_rules", nullable = false)
  public String include;

  @Column(name = "require_rules", nullable = false)
  public String require;

  @Column(name = "exclude_rules", nullable = false)
  public String exclude;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
