package dev.outpost.api.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A platform API token. Only the hash of its secret is kept. Persistence only. */
@Entity
@Table(name = "api_token")
public class ApiTokenEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String name;

  /** Space-separated scope values, for example {@code tunnels:read routes:write}. */
  @Column(nullable = false)
  public String scopes;

  @Column(name = "secret_hash", nullable = false, unique = true)
  public String secretHash;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "expires_at")
  public OffsetDateTime expiresAt;

  @Column(name = "last_used_at")
  public OffsetDateTime lastUsedAt;

  @Column(name = "revoked_at")
  public OffsetDateTime revokedAt;
}
