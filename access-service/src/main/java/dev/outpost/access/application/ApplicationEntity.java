package dev.outpost.access.application;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An access application: a hostname and path prefix the edge protects. Persistence only. */
@Entity
@Table(name = "access_application")
public class ApplicationEntity {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String hostname;

  @Column(name = "path_prefix", nullable = false)
  public String pathPrefix;

  @Column(name = "session_seconds", nullable = false)
  public long sessionSeconds;

  /** A JSON array of identity provider aliases; empty means any. */
  @Column(name = "identity_providers", nullable = false)
  public String identityProviders;

  /** 64 hex characters, random, never changed: the {@code aud} of the application's tokens. */
  @Column(nullable = false, unique = true)
  public String audience;

  /** Grows with every change of the application or its policies. */
  @Column(nullable = false)
  public long revision;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;
}
