package dev.outpost.protocol.agent;

import dev.outpost.protocol.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Keep-alive connections to origins, kept per event loop so a connection is only ever used on the
 * loop that owns it (no locks: each loop's idle lists are touched by that loop alone), and the TLS
 * client contexts, which are costly to build and can be shared.
 */
final class OriginPool {

  private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();
  private final Map<Boolean, SslContext> tls = new ConcurrentHashMap<>();
  private final Map<Class<?>, AddressResolverGroup<InetSocketAddress>> resolvers =
      new ConcurrentHashMap<>();

  /**
   * Resolves origin host names with Netty's asynchronous DNS client (hosts file and the system's
   * name servers): the JDK's lookup, Netty's default, would block the event loop meanwhile.
   */
  AddressResolverGroup<InetSocketAddress> resolver(EventLoop loop) {
    return resolvers.computeIfAbsent(
        Transport.datagramChannel(loop),
        type ->
            new DnsAddressResolverGroup(
                Transport.datagramChannel(loop),
                DnsServerAddressStreamProviders.platformDefault()));
  }

  /** An idle, open connection to {@code origin} owned by {@code loop}, or null. Call on loop. */
  Channel take(EventLoop loop, String origin) {
    var connections = idle.computeIfAbsent(loop, l -> new HashMap<>()).get(origin);
    while (connections != null && !connections.isEmpty()) {
      var channel = connections.pollLast();
      if (channel.isActive()) {
        return channel;
      }
    }
    return null;
  }

  /**
   * Keeps {@code channel} (whose last handler is its {@link OriginLink}) for the next request to
   * {@code origin}, up to {@code max} idle. Call on loop.
   *
   * <p>An idle connection the origin closes leaves the pool through its link, which holds one
   * callback at a time. A listener on the close future instead, added at every return, piled up on
   * a connection that served many requests (thousands on a long-lived one) until it closed.
   */
  void give(EventLoop loop, String origin, Channel channel, int max) {
    var connections =
        idle.computeIfAbsent(loop, l -> new HashMap<>())
            .computeIfAbsent(origin, o -> new ArrayDeque<>());
    if (connections.size() >= max || !channel.isActive()) {
      channel.close();
      return;
    }
    connections.addLast(channel);
    channel.pipeline().get(OriginLink.class).whenClosedIdle(() -> connections.remove(channel));
  }

  /** How many idle connections to {@code origin} {@code loop} holds. Call on loop. */
  int idleCount(EventLoop loop, String origin) {
    var connections = idle.getOrDefault(loop, Map.of()).get(origin);
    return connections == null ? 0 : connections.size();
  }

  SslContext tls(boolean noVerify) {
    return tls.computeIfAbsent(
        noVerify,
        insecure -> {
          try {
            var builder = SslContextBuilder.forClient();
            if (insecure) {
              builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return builder.build();
          } catch (SSLException e) {
            throw new IllegalStateException("no TLS client context", e);
          }
        });
  }
}
