package dev.outpost.router.peering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.events.RouterRecord;
import dev.outpost.events.TunnelPresenceRecord;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.PeerLinks;
import dev.outpost.protocol.edge.PeerServer;
import dev.outpost.protocol.edge.PeerTls;
import dev.outpost.router.config.RouterConfig;
import dev.outpost.router.edge.EventMessages;
import dev.outpost.router.edge.RouterIdentity;
import io.netty.channel.EventLoopGroup;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * This router's part in forwarding between routers: its peer listener, its links to the others, and
 * what it tells them: where it listens ({@link RouterRecord}, refreshed while it runs) and which
 * tunnels it holds connections of ({@link TunnelPresenceRecord}, on every change). Off unless
 * {@code outpost.router.peer.ca} is set.
 */
@Singleton
public class Peering {

  static final String ROUTERS_OUT = "router-records";
  static final String PRESENCE_OUT = "presence-records";
  private static final Logger LOG = Logger.getLogger(Peering.class);

  private final RouterConfig config;
  private final String routerId;
  private final OffsetDateTime startedAt = OffsetDateTime.now();
  private final PeerDirectory directory;
  private final MutinyEmitter<String> routers;
  private final MutinyEmitter<String> presence;
  private final ObjectMapper json;
  private final URI source;
  // Tunnels this run said it holds connections of: each gets a tombstone when it has none.
  private final Set<UUID> announced = ConcurrentHashMap.newKeySet();
  // Records of an earlier run seen before this one's edge started; dealt with at its start.
  private final Map<UUID, OffsetDateTime> earlier = new ConcurrentHashMap<>();
  private volatile ConnectionRegistry registry;
  private volatile String advertised;
  private PeerServer server;
  private PeerLinks links;
  private ScheduledFuture<?> refresh;

  Peering(
      RouterConfig config,
      RouterIdentity router,
      @Channel(ROUTERS_OUT) MutinyEmitter<String> routers,
      @Channel(PRESENCE_OUT) MutinyEmitter<String> presence,
      ObjectMapper json) {
    this.config = config;
    this.routerId = router.id();
    this.directory = new PeerDirectory(routerId, RouterRecord.EXPIRY, System::nanoTime);
    this.routers = routers;
    this.presence = presence;
    this.json = json;
    this.source = URI.create("/outpost/router/" + routerId);
  }

  /**
   * Starts the peer listener and the links, if peering is on; the edge then sends requests it has
   * no connection for over the links.
   */
  public Optional<PeerLinks> start(
      EventLoopGroup group, ConnectionRegistry registry, KeyManagerFactory keys) throws Exception {
    var ca = config.peer().ca();
    if (ca.isEmpty()) {
      LOG.info("peering is off (outpost.router.peer.ca is not set)");
      return Optional.empty();
    }
    this.registry = registry;
    server = new PeerServer(group, PeerTls.server(keys, ca.get()), registry);
    var bound = server.bind(new InetSocketAddress(config.host(), config.peer().port()));
    advertised =
        config.peer().advertisedAddress().orElseGet(() -> defaultHost() + ":" + bound.getPort());
    PeerDirectory.address(advertised); // fails the start on a malformed setting
    links = new PeerLinks(group, PeerTls.client(keys, ca.get()), directory);
    registry.onChange(tunnel -> announce(tunnel, registry.count(tunnel)));
    announceRouter();
    earlier.forEach(this::earlierRun);
    earlier.clear();
    long every = RouterRecord.REFRESH.toMillis();
    refresh =
        group.next().scheduleAtFixedRate(this::announceRouter, every, every, TimeUnit.MILLISECONDS);
    LOG.infof("peer listener on %s, announced as %s", bound, advertised);
    return Optional.of(links);
  }

  public void stop() {
    if (refresh == null) {
      return;
    }
    refresh.cancel(false);
    // Peers stop sending requests here at once, not only after the expiry.
    send(routers, routerId, null, RouterRecord.TYPE);
    announced.forEach(tunnel -> announce(tunnel, 0));
    links.close();
    server.close();
  }

  /** host:port at which peers reach this router, or null while peering is off. */
  public String advertisedAddress() {
    return advertised;
  }

  public PeerDirectory directory() {
    return directory;
  }

  /** This router's id, to tell its own records from the others'. */
  String routerId() {
    return routerId;
  }

  /**
   * A presence record of this router from an earlier run (it restarted): gone unless this run holds
   * connections of the tunnel too, in which case it is said again with this run's count.
   */
  void earlierRun(UUID tunnel, OffsetDateTime runStartedAt) {
    if (startedAt.isEqual(runStartedAt)) {
      return;
    }
    if (registry == null) {
      earlier.put(tunnel, runStartedAt);
      return;
    }
    int connections = registry.count(tunnel);
    if (connections > 0) {
      announce(tunnel, connections);
    } else {
      send(presence, TunnelPresenceRecord.key(tunnel, routerId), null, TunnelPresenceRecord.TYPE);
    }
  }

  private void announceRouter() {
    var record = new RouterRecord(routerId, advertised, startedAt, OffsetDateTime.now());
    send(routers, routerId, record, RouterRecord.TYPE);
  }

  private void announce(UUID tunnel, int connections) {
    var key = TunnelPresenceRecord.key(tunnel, routerId);
    if (connections > 0) {
      announced.add(tunnel);
      send(
          presence,
          key,
          new TunnelPresenceRecord(tunnel, routerId, connections, startedAt),
          TunnelPresenceRecord.TYPE);
    } else if (announced.remove(tunnel)) {
      send(presence, key, null, TunnelPresenceRecord.TYPE);
    }
  }

  private void send(MutinyEmitter<String> emitter, String key, Object record, String type) {
    String payload;
    try {
      payload = record == null ? null : json.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    emitter
        .sendMessage(EventMessages.of(payload, key, UUID.randomUUID().toString(), type, source))
        .subscribe()
        .with(
            sent -> {},
            failure ->
                LOG.warnf("could not publish %s for %s: %s", type, key, failure.getMessage()));
  }

  private String defaultHost() {
    if (!"0.0.0.0".equals(config.host()) && !"::".equals(config.host())) {
      return config.host();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "set outpost.router.peer.advertised-address: this machine's name is unknown", e);
    }
  }
}
