package dev.outpost.api.tunnel;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A connection of a connector to a router, as the routers report it. Persistence only. */
@Entity
@Table(name = "tunnel_connection")
public class TunnelConnectionEntity {

  @Id public UUID id;

  @Column(name = "tunnel_id", nullable = false)
  public UUID tunnelId;

  @Column(name = "tenant_id", nullable = false)
  public UUID tenantId;

  @Column(name = "connector_id", nullable = false)
  public UUID connectorId;

  @Column(name = "conn_index", nullable = false)
  public int connIndex;

  @Column(name = "router_id", nullable = false)
  public String routerId;

  @Column(name = "origin_ip")
  public String originIp;

  @Column(name = "client_version")
  public String clientVersion;

  public String platform;

  @Column(name = "opened_at", nullable = false)
  public OffsetDateTime openedAt;

  @Column(name = "closed_at")
  public OffsetDateTime closedAt;

  @Column(name = "close_reason")
  public String closeReason;

  /** How many connections the connector means to hold, when its events say; null otherwise. */
  @Column(name = "expected_connections")
  public Integer expectedConnections;

  /**
   * When a router last reported this connection open (its {@code connected}, or the same again when
   * the router re-announced what it holds), on the router's clock.
   */
  @Column(name = "reported_at", nullable = false)
  public OffsetDateTime reportedAt;

  /** The newest configuration version the connector reported applied on this connection. */
  @Column(name = "config_version_applied", nullable = false)
  public int configVersionApplied;
}
