package dev.outpost.portal.tunnel;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The api-service's tunnels, connections, routes and configurations as the portal reads them. */
public final class TunnelModels {

  private TunnelModels() {}

  public record Tunnel(
      String id,
      String name,
      String configSource,
      String status,
      int configVersion,
      OffsetDateTime createdAt,
      OffsetDateTime deletedAt,
      OffsetDateTime connsActiveAt,
      OffsetDateTime connsInactiveAt) {

    public boolean remote() {
      return "remote".equals(configSource);
    }
  }

  /** One connector process and its connections. */
  public record ConnectorSummary(
      String connectorId, String version, String platform, int connections, List<String> routers) {}

  public record TunnelDetail(
      String id,
      String name,
      String configSource,
      String status,
      int configVersion,
      OffsetDateTime createdAt,
      OffsetDateTime deletedAt,
      OffsetDateTime connsActiveAt,
      OffsetDateTime connsInactiveAt,
      int activeConnections,
      List<ConnectorSummary> connectors) {

    public boolean remote() {
      return "remote".equals(configSource);
    }
  }

  /**
   * One live connection.
   *
   * @param configVersionApplied the configuration version the connector runs, when the API says
   */
  public record Connection(
      String id,
      String connectorId,
      int connIndex,
      String routerId,
      String originIp,
      String clientVersion,
      String platform,
      OffsetDateTime openedAt,
      Integer configVersionApplied) {}

  /** The answer to creating a tunnel or rotating its secret: the only time the token is shown. */
  public record TunnelWithToken(Tunnel tunnel, String token) {}

  public record NewTunnel(String name, String configSource) {}

  public record Route(String hostname, String tunnelId, OffsetDateTime createdAt) {}

  public record NewRoute(String hostname, String tunnelId) {}

  /** A configuration version; {@code config} is null for version 0 (none yet). */
  public record Configuration(
      String tunnelId,
      int version,
      Map<String, Object> config,
      OffsetDateTime createdAt,
      String createdBy) {}

  public record ConfigurationBody(Map<String, Object> config) {}

  /** The caller's tenant and the zones its hostnames must lie in. */
  public record Tenant(String id, String slug, String displayName, List<String> zones) {}
}
