package dev.outpost.protocol.edge;

import dev.outpost.protocol.Control;
import java.net.InetSocketAddress;

/**
 * Decides whether a connector may register (the router checks the secret against the tunnel
 * configuration record it follows), and hears when connections come and go.
 */
public interface Registrar {

  /** The verdict on {@code credentials} presented from {@code address}; must not block. */
  Control.Verdict verify(Control.Credentials credentials, InetSocketAddress address);

  default void connected(TunnelConnection connection) {}

  default void disconnected(TunnelConnection connection, String reason) {}
}
