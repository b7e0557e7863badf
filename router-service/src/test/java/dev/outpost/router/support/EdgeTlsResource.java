package dev.outpost.router.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away edge certificate for the tunnel listener (keytool, no container, no fixture file),
 * and listeners on free loopback ports. The CA file connectors trust is in {@link #caPem()}.
 */
public final class EdgeTlsResource implements QuarkusTestResourceLifecycleManager {

  private static Path caPem;

  public static synchronized Path caPem() {
    return caPem;
  }

  @Override
  public synchronized Map<String, String> start() {
    try {
      var dir = Files.createTempDirectory("outpost-edge-tls");
      var store = dir.resolve("edge.p12");
      caPem = dir.resolve("edge-ca.pem");
      var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          keytool,
          "-genkeypair",
          "-alias",
          "edge",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=localhost",
          "-ext",
          "SAN=dns:localhost,ip:127.0.0.1",
          "-validity",
          "2",
          "-storetype",
          "PKCS12",
          "-keystore",
          store.toString(),
          "-storepass",
          "changeit");
      run(
          keytool,
          "-exportcert",
          "-rfc",
          "-alias",
          "edge",
          "-keystore",
          store.toString(),
          "-storepass",
          "changeit",
          "-file",
          caPem.toString());
      return Map.of(
          "outpost.router.tls.key-store", store.toString(),
          "outpost.router.tls.key-store-password", "changeit",
          "outpost.router.host", "127.0.0.1",
          "outpost.router.public-port", "0",
          "outpost.router.tunnel-port", "0",
          "outpost.router.id", "router-test");
    } catch (Exception e) {
      throw new IllegalStateException("could not make the edge's test certificate", e);
    }
  }

  private static void run(String... command) throws Exception {
    var process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed");
    }
  }

  @Override
  public void stop() {}
}
