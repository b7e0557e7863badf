package dev.outpost.protocol.edge;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The live connections of every tunnel on this edge. Thread-safe. */
public final class ConnectionRegistry {

  private final Map<UUID, List<TunnelConnection>> byTunnel = new ConcurrentHashMap<>();
  private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();

  void add(TunnelConnection connection) {
    byTunnel
        .computeIfAbsent(connection.tunnelId(), id -> new CopyOnWriteArrayList<>())
        .add(connection);
    changed(connection.tunnelId());
  }

  void remove(TunnelConnection connection) {
    var list = byTunnel.get(connection.tunnelId());
    if (list != null && list.remove(connection)) {
      changed(connection.tunnelId());
    }
  }

  /**
   * Calls {@code listener} with a tunnel's id after one of its connections was added or removed, on
   * the thread that did it (an event loop: the listener must not block).
   */
  public void onChange(Consumer<UUID> listener) {
    listeners.add(listener);
  }

  private void changed(UUID tunnelId) {
    listeners.forEach(listener -> listener.accept(tunnelId));
  }

  /** How many connections of {@code tunnelId} are live now. */
  public int count(UUID tunnelId) {
    var list = byTunnel.get(tunnelId);
    if (list == null) {
      return 0;
    }
    int live = 0;
    for (var connection : list) {
      live += connection.isActive() ? 1 : 0;
    }
    return live;
  }

  /** The live connection of {@code tunnelId} with the fewest streams in flight. */
  public Optional<TunnelConnection> pick(UUID tunnelId) {
    return pick(tunnelId, null);
  }

  /**
   * How many streams in flight a connection on the caller's own event loop is worth: it spares the
   * request two thread hand-offs (and the wake-ups, task queues and paused reads they cost), which
   * on a busy edge outweighs a few more streams sharing the connection.
   */
  static final int SAME_LOOP_CREDIT = 8;

  /**
   * The live connection of {@code tunnelId} with the fewest streams in flight, one on {@code loop}
   * (the caller's event loop) counting as {@link #SAME_LOOP_CREDIT} streams fewer.
   */
  public Optional<TunnelConnection> pick(UUID tunnelId, EventLoop loop) {
    var list = byTunnel.get(tunnelId);
    if (list == null) {
      return Optional.empty();
    }
    TunnelConnection best = null;
    int bestScore = Integer.MAX_VALUE;
    for (var connection : list) {
      if (!connection.isActive()) {
        continue;
      }
      int score =
          connection.inFlight() - (connection.channel().eventLoop() == loop ? SAME_LOOP_CREDIT : 0);
      if (score < bestScore) {
        best = connection;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  public List<TunnelConnection> connections(UUID tunnelId) {
    return List.copyOf(byTunnel.getOrDefault(tunnelId, List.of()));
  }

  /** Closes every connection of a tunnel (secret rotated, tunnel deleted). */
  public void closeAll(UUID tunnelId) {
    connections(tunnelId).forEach(c -> c.channel().close());
  }
}
