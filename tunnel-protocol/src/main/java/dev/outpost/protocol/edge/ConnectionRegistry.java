package dev.outpost.protocol.edge;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The live connections of every tunnel on this edge. Thread-safe. */
public final class ConnectionRegistry {

  private final Map<UUID, List<TunnelConnection>> byTunnel = new ConcurrentHashMap<>();

  void add(TunnelConnection connection) {
    byTunnel
        .computeIfAbsent(connection.tunnelId(), id -> new CopyOnWriteArrayList<>())
        .add(connection);
  }

  void remove(TunnelConnection connection) {
    var list = byTunnel.get(connection.tunnelId());
    if (list != null) {
      list.remove(connection);
    }
  }

  /** The live connection of {@code tunnelId} with the fewest streams in flight. */
  public Optional<TunnelConnection> pick(UUID tunnelId) {
    var list = byTunnel.get(tunnelId);
    if (list == null) {
      return Optional.empty();
    }
    return list.stream()
        .filter(TunnelConnection::isActive)
        .min(Comparator.comparingInt(TunnelConnection::inFlight));
  }

  public List<TunnelConnection> connections(UUID tunnelId) {
    return List.copyOf(byTunnel.getOrDefault(tunnelId, List.of()));
  }

  /** Closes every connection of a tunnel (secret rotated, tunnel deleted). */
  public void closeAll(UUID tunnelId) {
    connections(tunnelId).forEach(c -> c.channel().close());
  }
}
