package dev.outpost.access.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** This service's copy of a tenant of the api-service, from {@code outpost.tenants}. */
@Entity
@Table(name = "tenant")
public class TenantEntity {

  @Id public UUID id;

  /** The identifier in staff tokens' {@code tenant} claim. */
  @Column(nullable = false, unique = true)
  public String slug;

  /** The tenant's zones as a JSON array of names. */
  @Column(nullable = false)
  public String zones;

  @Column(nullable = false)
  public long revision;
}
