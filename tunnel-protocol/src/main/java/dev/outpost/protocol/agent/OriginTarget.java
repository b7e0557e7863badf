package dev.outpost.protocol.agent;

import dev.outpost.ingress.OriginService;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where an HTTP origin listens: a host and port, or a unix socket; with or without TLS. The pool
 * key tells apart connections that may not serve each other's requests.
 */
record OriginTarget(
    SocketAddress address,
    boolean unix,
    boolean tls,
    String defaultHost,
    int port,
    String poolKey,
    String display) {

  static OriginTarget of(OriginService.Http http, String tlsOptions) {
    return new OriginTarget(
        InetSocketAddress.createUnresolved(http.host(), http.port()),
        false,
        http.tls(),
        http.host(),
        http.port(),
        http.host() + ":" + http.port() + (http.tls() ? ":tls:" + tlsOptions : ""),
        http.host() + ":" + http.port());
  }

  static OriginTarget of(OriginService.UnixSocket socket, String tlsOptions) {
    var path = socket.path().toString();
    return new OriginTarget(
        new DomainSocketAddress(path),
        true,
        socket.tls(),
        // The Host an origin on a unix socket sees when the public request carried none.
        "localhost",
        0,
        "unix:" + path + (socket.tls() ? ":tls:" + tlsOptions : ""),
        socket.toString());
  }

  @Override
  public String toString() {
    return display;
  }
}
