package dev.outpost.access.servicetoken;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A service token; its secret is kept only as a hash. Persistence only. */
@Entity
@Table(name = "service_token")
public class ServiceTokenEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String name;

  @Column(name = "client_id", nullable = false, unique = true)
  public String clientId;

  /** See {@link dev.outpost.events.ServiceTokenRecord} for the scheme. */
  @Column(name = "secret_hash", nullable = false)
  public String secretHash;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "expires_at", nullable = false)
  public OffsetDateTime expiresAt;

  @Column(name = "last_rotated_at")
  public OffsetDateTime lastRotatedAt;

  @Column(name = "revoked_at")
  public OffsetDateTime revokedAt;

  /** Grows with every change; orders the token's records on the topic. */
  @Column(nullable = false)
  public long revision;
}
