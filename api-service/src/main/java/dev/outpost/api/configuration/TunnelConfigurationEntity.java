package dev.outpost.api.configuration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One accepted version of a tunnel's remote-managed configuration. Persistence only. */
@Entity
@Table(name = "tunnel_configuration")
@IdClass(TunnelConfigurationEntity.Key.class)
public class TunnelConfigurationEntity {

  @Id
  @Column(name = "tunnel_id")
  public UUID tunnelId;

  @Id public int version;

  /** The canonical document (cloudflared's shape), as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false, columnDefinition = "jsonb")
  public String config;

  @Column(name = "created_at", nullable = false)
  public OffsetDateTime createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  /** The composite key. */
  public static class Key implements Serializable {
    public UUID tunnelId;
    public int version;

    public Key() {}

    public Key(UUID tunnelId, int version) {
      this.tunnelId = tunnelId;
      this.version = version;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.tunnelId.equals(tunnelId) && k.version == version;
    }

    @Override
    public int hashCode() {
      return tunnelId.hashCode() * 31 + version;
    }
  }
}
