package dev.outpost.access.accesslog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One access decision of the edge, as the tenant's access log keeps it. Persistence only. */
@Entity
@Table(name = "access_decision")
public class AccessDecisionEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "application_id")
  public UUID applicationId;

  @Column(name = "policy_id")
  public UUID policyId;

  @Column(nullable = false)
  public String decision;

  /** Lower case. */
  public String email;

  @Column(name = "service_token_id")
  public UUID serviceTokenId;

  @Column(name = "client_ip")
  public String clientIp;

  public String host;

  public String path;

  @Column(name = "decided_at", nullable = false)
  public OffsetDateTime decidedAt;
}
