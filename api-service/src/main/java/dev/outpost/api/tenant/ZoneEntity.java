package dev.outpost.api.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A domain assigned to a tenant; its hostname routes must lie inside one. Persistence only. */
@Entity
@Table(name = "zone")
public class ZoneEntity {

  @Id public String name;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
