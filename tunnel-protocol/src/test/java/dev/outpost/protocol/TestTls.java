package dev.outpost.protocol;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;

/** One throw-away edge certificate for the tests of this module. */
public final class TestTls {

  private static EdgeCertificates certificates;

  private TestTls() {}

  static synchronized EdgeCertificates certificates() throws Exception {
    if (certificates == null) {
      certificates = EdgeCertificates.inFolder(Files.createTempDirectory("outpost-tls"));
    }
    return certificates;
  }

  public static SslContext server() throws Exception {
    return certificates().serverContext();
  }

  /** A JDK TLS context that trusts the test CA, for JDK clients of the public listener. */
  public static javax.net.ssl.SSLContext trustingTheCa() throws Exception {
    var store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(certificates().caPem())) {
      store.setCertificateEntry(
          "ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var trust =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    var context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  public static SslContext client() throws Exception {
    return certificates().clientContext();
  }
}
