package dev.outpost.api.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tenant of the platform. Persistence only. */
@Entity
@Table(name = "tenant")
public class TenantEntity {

  @Id public UUID id;

  /** The identifier in staff tokens' {@code tenant} claim, for example {@code acme}. */
  @Column(nullable = false, unique = true)
  public String slug;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  /** Grows with every change of the tenant or its zones; orders its records on the topic. */
  @Column(nullable = false)
  public long revision;
}
