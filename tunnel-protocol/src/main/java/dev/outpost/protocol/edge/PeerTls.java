package dev.outpost.protocol.edge;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * TLS between routers: both present their edge certificate and accept only certificates of the
 * operators' CA, so nothing but a router can reach a peer listener and ask it for a tunnel.
 */
public final class PeerTls {

  private PeerTls() {}

  /** The peer listener's side: a client certificate is required. */
  public static SslContext server(KeyManagerFactory keys, Path caPem) throws SSLException {
    return SslContextBuilder.forServer(keys)
        .trustManager(caPem.toFile())
        .clientAuth(ClientAuth.REQUIRE)
        .build();
  }

  /** A link's side: presents this router's certificate, trusts the CA's only. */
  public static SslContext client(KeyManagerFactory keys, Path caPem) throws SSLException {
    return SslContextBuilder.forClient().keyManager(keys).trustManager(caPem.toFile()).build();
  }
}
