package dev.outpost.router.edge;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.LeakDetection;
import dev.outpost.protocol.Transport;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeGate;
import dev.outpost.protocol.edge.EdgeServer;
import dev.outpost.protocol.edge.PublicCertificates;
import dev.outpost.protocol.edge.PublicServer;
import dev.outpost.protocol.edge.TunnelConnection;
import dev.outpost.router.access.AccessGate;
import dev.outpost.router.config.RouterConfig;
import dev.outpost.router.peering.Peering;
import dev.outpost.router.routing.Route;
import dev.outpost.router.routing.RoutingView;
import dev.outpost.router.routing.TunnelChanged;
import dev.outpost.router.routing.TunnelState;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.Future;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.jboss.logging.Logger;

/**
 * The router's data plane: the tunnel listener connectors dial (TLS, reversed HTTP/2) and the
 * public HTTP listener, both on Netty event loops of their own, routing by the {@link RoutingView}
 * behind access control ({@link AccessGate}). Reacts to tunnel changes: a deleted tunnel or a
 * rotated secret closes the tunnel's connections; a new remote configuration is pushed to every
 * connection.
 */
@Singleton
public class Edge {

  private static final Logger LOG = Logger.getLogger(Edge.class);

  private final RouterConfig config;
  private final RoutingView view;
  private final ConnectorEventPublisher events;
  private final RouterIdentity router;
  private final EdgeGate gate;
  private final Peering peering;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private EventLoopGroup group;
  private EdgeServer tunnelListener;
  private PublicServer publicListener;
  private volatile InetSocketAddress tunnelAddress;
  private volatile InetSocketAddress publicAddress;
  private volatile InetSocketAddress publicTlsAddress;

  Edge(
      RouterConfig config,
      RoutingView view,
      ConnectorEventPublisher events,
      RouterIdentity router,
      AccessGate gate,
      Peering peering) {
    this.config = config;
    this.view = view;
    this.events = events;
    this.router = router;
    this.gate = gate;
    this.peering = peering;
  }

  void start(@Observes StartupEvent event) throws Exception {
    LeakDetection.offUnlessAsked();
    group = Transport.group(Math.max(2, Runtime.getRuntime().availableProcessors()));
    var registrar = new ViewRegistrar(view, router.id(), events, this::pushCurrentConfiguration);
    var keys = keyManagers();
    tunnelListener =
        new EdgeServer(
            group, SslContextBuilder.forServer(keys).build(), registrar, registry, router.id());
    tunnelAddress = tunnelListener.bind(new InetSocketAddress(config.host(), config.tunnelPort()));
    publicListener =
        new PublicServer(
                group,
                registry,
                host -> view.route(host).map(Route::tunnel).map(TunnelState::tunnelId))
            .gate(gate);
    peering.start(group, registry, keys).ifPresent(publicListener::peers);
    publicAddress = publicListener.bind(new InetSocketAddress(config.host(), config.publicPort()));
    var certificates = config.publicTls().certificates();
    if (certificates.isPresent()) {
      var loaded =
          PublicCertificates.load(certificates.get(), config.publicTls().password().toCharArray());
      publicTlsAddress =
          publicListener.bindTls(
              new InetSocketAddress(config.host(), config.publicTls().port()), loaded);
      LOG.infof("public TLS listener on %s for %s", publicTlsAddress, loaded.names());
    }
    LOG.infof(
        "router %s: tunnel listener on %s, public listener on %s (%s transport)",
        router.id(), tunnelAddress, publicAddress, Transport.name(group));
  }

  void stop(@Observes ShutdownEvent event) {
    peering.stop();
    if (publicListener != null) {
      publicListener.close();
    }
    if (tunnelListener != null) {
      tunnelListener.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** A tunnel record the view applied: act on what changed for its live connections. */
  void onTunnelChanged(@Observes TunnelChanged change) {
    var after = change.after();
    var before = change.before();
    if (!after.active()) {
      registry.closeAll(after.tunnelId());
      return;
    }
    if (before != null && !Objects.equals(before.secretHash(), after.secretHash())) {
      // The connections were admitted with the old secret: they end, and a connector still
      // holding the old token is refused when it comes back.
      registry.closeAll(after.tunnelId());
      return;
    }
    if (after.ingress() != null
        && (before == null || before.configVersion() < after.configVersion())) {
      registry.connections(after.tunnelId()).forEach(c -> push(c, after));
    }
  }

  private void pushCurrentConfiguration(TunnelConnection connection) {
    view.tunnel(connection.tunnelId())
        .filter(t -> t.ingress() != null && "remote".equals(t.configSource()))
        .ifPresent(t -> push(connection, t));
  }

  private void push(TunnelConnection connection, TunnelState tunnel) {
    tunnelListener
        .pushConfiguration(
            connection, new Control.Configuration(tunnel.configVersion(), tunnel.ingress()))
        .addListener(
            (Future<Integer> applied) -> {
              if (applied.isSuccess()) {
                events.configApplied(connection, applied.getNow());
              } else {
                LOG.warnf(
                    "connection %s did not apply configuration %d: %s",
                    connection.connectionId(),
                    tunnel.configVersion(),
                    applied.cause().getMessage());
              }
            });
  }

  /** The edge's certificate and key: for connectors, and for peer routers. */
  private KeyManagerFactory keyManagers() throws Exception {
    var path =
        config
            .tls()
            .keyStore()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "outpost.router.tls.key-store is not set: the tunnel listener needs a PKCS#12 key store with the edge's certificate"));
    var password = config.tls().keyStorePassword().toCharArray();
    var store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password);
    }
    var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    return keys;
  }

  public InetSocketAddress tunnelAddress() {
    return tunnelAddress;
  }

  public InetSocketAddress publicAddress() {
    return publicAddress;
  }

  /** The public TLS listener's address, or null when it is off. */
  public InetSocketAddress publicTlsAddress() {
    return publicTlsAddress;
  }

  public ConnectionRegistry registry() {
    return registry;
  }
}
