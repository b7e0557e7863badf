package dev.outpost.api.route;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A hostname bound to a tunnel. Persistence only. */
@Entity
@Table(name = "hostname_route")
public class HostnameRouteEntity {

  @Id public String hostname;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "tunnel_id", nullable = false)
  public UUID tunnelId;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;
}
