package dev.outpost.router.routing;

import dev.outpost.events.HostnameRouteRecord;
import dev.outpost.events.TunnelConfigurationRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router's picture of tunnels and hostname routes, built from the compacted topics and kept in
 * memory, so requests keep being routed while Kafka is unreachable.
 *
 * <p>Threading contract: thread-safe. Readers ({@link #route}, {@link #tunnel}, {@link #verify},
 * the counts) never block and never take a lock, so they may run on Netty event loops: they only
 * call {@link ConcurrentHashMap#get}. Writers (the Kafka listeners) may run on any threads; a
 * tunnel's revision check and replacement is atomic per tunnel ({@link ConcurrentHashMap#compute}).
 * Each read sees every write that completed before it; a request resolved while a write is in
 * flight sees the state before or after it, never a torn value (entries are immutable records).
 * Routes and tunnels are joined at read time, so the order in which the two topics arrive does not
 * matter.
 *
 * <p>Why concurrent maps rather than one immutable snapshot swapped atomically: at start the view
 * applies every record of both topics one by one, and copying a snapshot per record would cost
 * O(n²) for n tunnels; per-key atomicity is all the rules below need.
 */
public final class RoutingView {

  private static final HexFormat HEX = HexFormat.of();

  private final ConcurrentHashMap<UUID, TunnelState> tunnels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Binding> routes = new ConcurrentHashMap<>();

  /** A route as held: the key is its hostname. */
  private record Binding(UUID tenantId, UUID tunnelId) {}

  /**
   * Takes a tunnel's configuration record unless the view already holds the same or a newer
   * revision of it, which makes re-deliveries and out-of-date replays harmless.
   *
   * @return whether the view changed
   * @throws IllegalArgumentException if the record lacks an id, tenant, state or secret hash
   */
  public boolean applyTunnel(TunnelConfigurationRecord record) {
    var incoming = TunnelState.from(record);
    var changed = new boolean[1];
    tunnels.compute(
        incoming.tunnelId(),
        (id, held) -> {
          if (held != null && held.revision() >= incoming.revision()) {
            return held;
          }
          changed[0] = true;
          return incoming;
        });
    return changed[0];
  }

  /**
   * Forgets a tunnel, for a tombstone on the configuration topic (the platform marks deletion with
   * a {@code deleted} record instead; this is for an operator cleaning the topic up).
   *
   * @return whether the view held it
   */
  public boolean removeTunnel(UUID tunnelId) {
    return tunnels.remove(tunnelId) != null;
  }

  /**
   * Binds {@code hostname} as its record says, or unbinds it for a tombstone. The hostname is the
   * record's key on the topic, which compaction goes by; the record's own copy is not consulted.
   *
   * @param record the route, or null for a tombstone
   * @return whether the view changed
   * @throws IllegalArgumentException if the record names no tunnel
   */
  public boolean applyRoute(String hostname, HostnameRouteRecord record) {
    var key = Hosts.routeKey(Objects.requireNonNull(hostname, "hostname"));
    if (record == null) {
      return routes.remove(key) != null;
    }
    if (record.tunnelId() == null || record.tenantId() == null) {
      throw new IllegalArgumentException("hostname route record without tunnelId or tenantId");
    }
    var binding = new Binding(record.tenantId(), record.tunnelId());
    return !binding.equals(routes.put(key, binding));
  }

  /**
   * The route for a request's Host header: the exact hostname first, then the wildcard with the
   * longest suffix ({@code a.b.acme.example} prefers {@code *.b.acme.example} over {@code
   * *.acme.example}). A wildcard matches names at any depth below it, never its apex. The most
   * specific route decides: if its tunnel is unknown, deleted or another tenant's, the result is
   * empty rather than a less specific route, which might belong to someone else.
   */
  public Optional<Route> route(String requestHost) {
    var host = Hosts.requestHost(requestHost);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    var exact = routes.get(host);
    if (exact != null) {
      return resolve(host, exact);
    }
    // Each '.' starts a shorter suffix, so the first wildcard found is the longest one; starting
    // after the first label keeps the apex out.
    for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
      var pattern = "*" + host.substring(dot);
      var wildcard = routes.get(pattern);
      if (wildcard != null) {
        return resolve(pattern, wildcard);
      }
    }
    return Optional.empty();
  }

  public Optional<TunnelState> tunnel(UUID tunnelId) {
    return Optional.ofNullable(tunnels.get(tunnelId));
  }

  /**
   * Checks a connector's tunnel secret: SHA-256 of the presented bytes against the held hash, in
   * constant time so the comparison leaks nothing about the hash. A malformed held hash never
   * matches.
   */
  public SecretCheck verify(UUID tunnelId, byte[] presentedSecret) {
    Objects.requireNonNull(presentedSecret, "presentedSecret");
    var tunnel = tunnels.get(tunnelId);
    if (tunnel == null) {
      return SecretCheck.UNKNOWN_TUNNEL;
    }
    if (!tunnel.active()) {
      return SecretCheck.DELETED;
    }
    byte[] held;
    try {
      held = HEX.parseHex(tunnel.secretHash());
    } catch (IllegalArgumentException e) {
      return SecretCheck.WRONG_SECRET;
    }
    return MessageDigest.isEqual(sha256(presentedSecret), held)
        ? SecretCheck.OK
        : SecretCheck.WRONG_SECRET;
  }

  /** Tunnels held, in any state: deleted ones are kept so an older record cannot revive them. */
  public int tunnelCount() {
    return tunnels.size();
  }

  /** Active tunnels; counts by scanning, meant for a metrics scrape, not a request path. */
  public int activeTunnelCount() {
    return (int) tunnels.values().stream().filter(TunnelState::active).count();
  }

  public int routeCount() {
    return routes.size();
  }

  private Optional<Route> resolve(String pattern, Binding binding) {
    var tunnel = tunnels.get(binding.tunnelId());
    if (tunnel == null || !tunnel.active() || !tunnel.tenantId().equals(binding.tenantId())) {
      return Optional.empty();
    }
    return Optional.of(new Route(pattern, tunnel));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
