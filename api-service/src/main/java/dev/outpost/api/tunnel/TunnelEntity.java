package dev.outpost.api.tunnel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tunnel. Persistence only. */
@Entity
@Table(name = "tunnel")
public class TunnelEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String name;

  /** {@code local} or {@code remote}. */
  @Column(name = "config_source", nullable = false)
  public String configSource;

  /** {@code inactive} (never connected), {@code healthy}, {@code degraded}, {@code down}. */
  @Column(nullable = false)
  public String status;

  @Column(name = "secret_generation", nullable = false)
  public int secretGeneration;

  @Column(name = "secret_hash", nullable = false)
  public String secretHash;

  @Column(nullable = false)
  public long revision;

  @Column(name = "config_version", nullable = false)
  public int configVersion;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "deleted_at")
  public OffsetDateTime deletedAt;

  @Column(name = "conns_active_at")
  public OffsetDateTime connsActiveAt;

  @Column(name = "conns_inactive_at")
  public OffsetDateTime connsInactiveAt;
}
