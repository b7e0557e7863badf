package dev.outpost.api.tunnel;

import dev.outpost.api.web.TimeIdCursor;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/** How the API shows tunnels and connections; never the secret or its hash. */
public final class TunnelViews {

  private TunnelViews() {}

  public record TunnelView(
      UUID id,
      String name,
      String configSource,
      String status,
      int configVersion,
      OffsetDateTime createdAt,
      OffsetDateTime deletedAt,
      OffsetDateTime connsActiveAt,
      OffsetDateTime connsInactiveAt) {}

  /** One connector (one process) and its connections. */
  public record ConnectorSummary(
      UUID connectorId, String version, String platform, int connections, List<String> routers) {}

  public record TunnelDetail(
      UUID id,
      String name,
      String configSource,
      String status,
      int configVersion,
      OffsetDateTime createdAt,
      OffsetDateTime deletedAt,
      OffsetDateTime connsActiveAt,
      OffsetDateTime connsInactiveAt,
      int activeConnections,
      List<ConnectorSummary> connectors) {}

  public record ConnectionView(
      UUID id,
      UUID connectorId,
      int connIndex,
      String routerId,
      String originIp,
      String clientVersion,
      String platform,
      OffsetDateTime openedAt,
      int configVersionApplied) {}

  static TunnelView of(TunnelEntity t) {
    return new TunnelView(
        t.id,
        t.name,
        t.configSource,
        t.status,
        t.configVersion,
        t.createdAt,
        t.deletedAt,
        t.connsActiveAt,
        t.connsInactiveAt);
  }

  static TunnelDetail detail(TunnelEntity t, List<TunnelConnectionEntity> open) {
    var byConnector = new LinkedHashMap<UUID, List<TunnelConnectionEntity>>();
    open.stream()
        .sorted(Comparator.comparing((TunnelConnectionEntity c) -> c.openedAt))
        .forEach(
            c ->
                byConnector
                    .computeIfAbsent(c.connectorId, k -> new java.util.ArrayList<>())
                    .add(c));
    var connectors =
        byConnector.entrySet().stream()
            .map(
                e -> {
                  var first = e.getValue().get(0);
                  return new ConnectorSummary(
                      e.getKey(),
                      first.clientVersion,
                      first.platform,
                      e.getValue().size(),
                      e.getValue().stream().map(c -> c.routerId).distinct().sorted().toList());
                })
            .toList();
    return new TunnelDetail(
        t.id,
        t.name,
        t.configSource,
        t.status,
        t.configVersion,
        t.createdAt,
        t.deletedAt,
        t.connsActiveAt,
        t.connsInactiveAt,
        open.size(),
        connectors);
  }

  static ConnectionView connection(TunnelConnectionEntity c) {
    return new ConnectionView(
        c.id,
        c.connectorId,
        c.connIndex,
        c.routerId,
        c.originIp,
        c.clientVersion,
        c.platform,
        c.openedAt,
        c.configVersionApplied);
  }

  static String cursorOf(TunnelView t) {
    return TimeIdCursor.key(t.createdAt(), t.id());
  }
}
