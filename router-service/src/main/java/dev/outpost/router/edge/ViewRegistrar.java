package dev.outpost.router.edge;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.edge.Registrar;
import dev.outpost.protocol.edge.TunnelConnection;
import dev.outpost.router.routing.RoutingView;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Admits connectors by the routing view: the presented secret must hash to the tunnel's recorded
 * hash, the tunnel must be active and the tenant must match. Refusals say why and are final:
 * retrying the same token cannot help.
 */
final class ViewRegistrar implements Registrar {

  private final RoutingView view;
  private final String routerId;
  private final ConnectorEventPublisher events;
  private final Consumer<TunnelConnection> onConnected;

  ViewRegistrar(
      RoutingView view,
      String routerId,
      ConnectorEventPublisher events,
      Consumer<TunnelConnection> onConnected) {
    this.view = view;
    this.routerId = routerId;
    this.events = events;
    this.onConnected = onConnected;
  }

  @Override
  public Control.Verdict verify(Control.Credentials credentials, InetSocketAddress address) {
    if (credentials.tunnelId() == null || credentials.secret() == null) {
      return Control.Verdict.refused("the credentials name no tunnel or secret", false);
    }
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(credentials.secret());
    } catch (IllegalArgumentException e) {
      return Control.Verdict.refused("the tunnel secret is not base64", false);
    }
    var check = view.verify(credentials.tunnelId(), secret);
    return switch (check) {
      case OK -> {
        var tunnel = view.tunnel(credentials.tunnelId()).orElseThrow();
        yield tunnel.tenantId().equals(credentials.tenantId())
            ? Control.Verdict.accepted(UUID.randomUUID(), routerId)
            : Control.Verdict.refused(
                "the token's tenant does not own tunnel " + credentials.tunnelId(), false);
      }
      case UNKNOWN_TUNNEL ->
          Control.Verdict.refused("tunnel " + credentials.tunnelId() + " does not exist", false);
      case DELETED ->
          Control.Verdict.refused("tunnel " + credentials.tunnelId() + " was deleted", false);
      case WRONG_SECRET ->
          Control.Verdict.refused(
              "the tunnel secret is not valid (it may have been rotated): fetch the tunnel's token again",
              false);
    };
  }

  @Override
  public void connected(TunnelConnection connection) {
    events.connected(connection);
    onConnected.accept(connection);
  }

  @Override
  public void disconnected(TunnelConnection connection, String reason) {
    events.disconnected(connection, reason);
  }
}
