package dev.outpost.connector.supervisor;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.EdgeCertificates;
import dev.outpost.protocol.edge.ConnectionRegistry;
import dev.outpost.protocol.edge.EdgeServer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real edge tunnel listener with a keytool certificate, accepting one tunnel's secret. */
public final class EdgeFixture implements AutoCloseable {

  public final UUID tunnelId;
  public final UUID tenantId;
  public final byte[] secret = new byte[32];
  public final ConnectionRegistry registry = new ConnectionRegistry();
  public final Path caPem;
  private final SslContext serverTls;
  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private EdgeServer edge;
  private int port;

  public EdgeFixture(Path dir) throws Exception {
    this(dir, UUID.randomUUID(), UUID.randomUUID());
  }

  /** Another router of the same platform: same CA (same folder), same tunnel as {@code other}. */
  public EdgeFixture(Path dir, EdgeFixture other) throws Exception {
    this(dir, other.tunnelId, other.tenantId);
  }

  private EdgeFixture(Path dir, UUID tunnelId, UUID tenantId) throws Exception {
    this.tunnelId = tunnelId;
    this.tenantId = tenantId;
    secret[3] = 9;
    var certificates = EdgeCertificates.inFolder(dir);
    caPem = certificates.caPem();
    serverTls = certificates.serverContext();
  }

  /** (Re)starts the edge on the same port each time. */
  public int start() throws Exception {
    var expected = MessageDigest.getInstance("SHA-256").digest(secret);
    edge =
        new EdgeServer(
            group,
            serverTls,
            (credentials, address) -> {
              if (!credentials.tunnelId().equals(tunnelId)) {
                return Control.Verdict.refused("unknown tunnel " + credentials.tunnelId(), false);
              }
              try {
                var hash =
                    MessageDigest.getInstance("SHA-256")
                        .digest(Base64.getDecoder().decode(credentials.secret()));
                return MessageDigest.isEqual(hash, expected)
                    ? Control.Verdict.accepted(UUID.randomUUID(), "edge-fixture")
                    : Control.Verdict.refused(
                        "the tunnel secret does not match (was it rotated?)", false);
              } catch (Exception e) {
                return Control.Verdict.refused("unreadable credentials", false);
              }
            },
            registry,
            "edge-fixture");
    port = bind(edge, port);
    return port;
  }

  /**
   * Binds {@code port} (0: any free one). A restart binds the port it had, which comes from the
   * ephemeral range: while the listener was down, an outgoing connection may have taken it as its
   * source port (the connector's own reconnect, connecting to its own port, can do that until its
   * TLS handshake fails), so the bind is tried again for a while, as a router restarted by an
   * operator would be.
   */
  private static int bind(EdgeServer edge, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return edge.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).getPort();
      } catch (Exception e) {
        // Netty rethrows the listener's BindException undeclared.
        if (!(e instanceof BindException) || port == 0 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Stops the listener and drops every connection, as a router restart does. */
  public void stop() {
    registry.connections(tunnelId).forEach(c -> c.channel().close().syncUninterruptibly());
    edge.close();
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stop();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
