package dev.outpost.router.peering;

import dev.outpost.protocol.edge.Peers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Which other routers hold connections of which tunnels, and where they take requests: what every
 * router publishes ({@code RouterRecord}, {@code TunnelPresenceRecord}), kept in memory. A router
 * counts while it was heard of within the expiry; among several that hold a tunnel, one is picked
 * at random per request, so the load spreads. Thread-safe.
 */
public final class PeerDirectory implements Peers {

  private record Peer(InetSocketAddress address, long heardAtNanos) {}

  private final String self;
  private final Duration expiry;
  private final LongSupplier nanoTime;
  private final Map<String, Peer> routers = new ConcurrentHashMap<>();
  private final Map<UUID, Set<String>> holders = new ConcurrentHashMap<>();

  /**
   * @param self this router's id: never its own peer
   * @param nanoTime the clock ({@link System#nanoTime} outside tests)
   */
  public PeerDirectory(String self, Duration expiry, LongSupplier nanoTime) {
    this.self = self;
    this.expiry = expiry;
    this.nanoTime = nanoTime;
  }

  /** A router announced itself (again) at {@code peerAddress}. */
  public void router(String routerId, InetSocketAddress peerAddress) {
    if (!self.equals(routerId)) {
      routers.put(routerId, new Peer(peerAddress, nanoTime.getAsLong()));
    }
  }

  /** A router stopped taking requests from its peers. */
  public void routerGone(String routerId) {
    routers.remove(routerId);
  }

  /** How many connections of {@code tunnel} a router holds now (0: none any more). */
  public void presence(UUID tunnel, String routerId, int connections) {
    if (self.equals(routerId)) {
      return;
    }
    if (connections > 0) {
      holders.computeIfAbsent(tunnel, t -> ConcurrentHashMap.newKeySet()).add(routerId);
    } else {
      holders.computeIfPresent(
          tunnel,
          (t, routerIds) -> {
            routerIds.remove(routerId);
            return routerIds.isEmpty() ? null : routerIds;
          });
    }
  }

  @Override
  public Optional<InetSocketAddress> peerFor(UUID tunnel) {
    var routerIds = holders.get(tunnel);
    if (routerIds == null) {
      return Optional.empty();
    }
    long now = nanoTime.getAsLong();
    var alive = new ArrayList<InetSocketAddress>(routerIds.size());
    for (var routerId : routerIds) {
      var peer = routers.get(routerId);
      if (peer != null && now - peer.heardAtNanos() <= expiry.toNanos()) {
        alive.add(peer.address());
      }
    }
    return switch (alive.size()) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(alive.getFirst());
      default -> Optional.of(alive.get(ThreadLocalRandom.current().nextInt(alive.size())));
    };
  }

  /** Parses a peer address, host:port (an IPv6 host in brackets). */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("a peer address is host:port, not '" + hostPort + "'");
    }
    var host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    return InetSocketAddress.createUnresolved(host, port);
  }
}
