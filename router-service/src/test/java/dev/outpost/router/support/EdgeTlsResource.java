package dev.outpost.router.support;

import dev.outpost.protocol.EdgeCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A throw-away edge certificate for the tunnel listener, and listeners on free loopback ports. The
 * CA file connectors (and peer routers) trust is in {@link #caPem()}.
 */
public final class EdgeTlsResource implements QuarkusTestResourceLifecycleManager {

  private static EdgeCertificates certificates;

  public static synchronized Path caPem() {
    return certificates.caPem();
  }

  /** The edge certificate and CA, for a second router a test runs in-process. */
  public static synchronized EdgeCertificates certificates() {
    return certificates;
  }

  @Override
  public synchronized Map<String, String> start() {
    try {
      certificates = EdgeCertificates.inFolder(Files.createTempDirectory("outpost-edge-tls"));
      return Map.of(
          "outpost.router.tls.key-store", certificates.keyStore().toString(),
          "outpost.router.tls.key-store-password", certificates.password(),
          "outpost.router.host", "127.0.0.1",
          "outpost.router.public-port", "0",
          "outpost.router.tunnel-port", "0",
          "outpost.router.id", "router-test",
          // Peering on, as with several routers: peers must hold a certificate of this CA.
          "outpost.router.peer.ca", certificates.caPem().toString(),
          "outpost.router.peer.port", "0");
    } catch (Exception e) {
      throw new IllegalStateException("could not make the edge's test certificate", e);
    }
  }

  @Override
  public void stop() {}
}
