package dev.outpost.protocol;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;

/** One throw-away edge certificate for the tests of this module. */
public final class TestTls {

  private static EdgeCertificates certificates;

  private TestTls() {}

  private static synchronized EdgeCertificates certificates() throws Exception {
    if (certificates == null) {
      certificates = EdgeCertificates.inFolder(Files.createTempDirectory("outpost-tls"));
    }
    return certificates;
  }

  public static SslContext server() throws Exception {
    return certificates().serverContext();
  }

  public static SslContext client() throws Exception {
    return certificates().clientContext();
  }
}
