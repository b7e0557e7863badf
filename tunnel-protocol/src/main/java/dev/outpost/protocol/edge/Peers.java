package dev.outpost.protocol.edge;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;

/**
 * Which peer router can serve a tunnel this edge holds no connection of: the router learns it from
 * what every router publishes of its connections (see router-service's {@code peering}).
 */
@FunctionalInterface
public interface Peers {

  /** The peer listener of a router, other than this one, with a live connection of the tunnel. */
  Optional<InetSocketAddress> peerFor(UUID tunnel);
}
