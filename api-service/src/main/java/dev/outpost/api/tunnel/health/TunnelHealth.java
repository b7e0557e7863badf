package dev.outpost.api.tunnel.health;

import java.util.Collection;
import java.util.Locale;

/**
 * A tunnel's status from its live connections.
 *
 * <ul>
 *   <li>{@code inactive}: no connector has ever connected;
 *   <li>{@code healthy}: at least one connector has all the connections it is meant to hold;
 *   <li>{@code degraded}: serving, but no connector has all its connections;
 *   <li>{@code down}: it was connected and now has no live connection.
 * </ul>
 */
public enum TunnelHealth {
  INACTIVE,
  HEALTHY,
  DEGRADED,
  DOWN;

  /**
   * One connector's share of the tunnel.
   *
   * @param open its live connections
   * @param expected how many it is meant to hold ({@code --ha-connections}, 4 by default)
   */
  public record ConnectorConnections(int open, int expected) {
    boolean complete() {
      return open >= expected;
    }
  }

  public static TunnelHealth of(
      boolean everConnected, Collection<ConnectorConnections> connectors) {
    int open = 0;
    boolean anyComplete = false;
    for (var connector : connectors) {
      open += connector.open();
      anyComplete |= connector.open() > 0 && connector.complete();
    }
    if (open == 0) {
      return everConnected ? DOWN : INACTIVE;
    }
    return anyComplete ? HEALTHY : DEGRADED;
  }

  /** The status as the API and the events name it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
