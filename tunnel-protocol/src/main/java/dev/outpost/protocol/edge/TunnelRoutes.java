package dev.outpost.protocol.edge;

import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a request for a tunnel goes: to one of this edge's connections of the tunnel (fewest
 * streams in flight first), else, with peering on, to a peer router that holds one. Thread-safe.
 */
public final class TunnelRoutes {

  private final ConnectionRegistry registry;
  private volatile PeerLinks peers;

  public TunnelRoutes(ConnectionRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
  }

  /** Turns peering on: requests for tunnels without a connection here go to a peer that has one. */
  public TunnelRoutes peers(PeerLinks peers) {
    this.peers = peers;
    return this;
  }

  /**
   * A target for one request of {@code tunnel}; {@code loop} is the caller's event loop, preferred
   * among equally busy connections.
   */
  public Optional<StreamTarget> pick(UUID tunnel, EventLoop loop) {
    var local = registry.pick(tunnel, loop);
    if (local.isPresent()) {
      return Optional.of(local.get());
    }
    var links = peers;
    return links == null ? Optional.empty() : links.target(tunnel);
  }
}
