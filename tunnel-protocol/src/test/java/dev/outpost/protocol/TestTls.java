package dev.outpost.protocol;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/** A throw-away edge certificate for "localhost", made with the JDK's keytool. */
public final class TestTls {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static KeyStore store;

  private TestTls() {}

  private static synchronized KeyStore store() throws Exception {
    if (store == null) {
      var dir = Files.createTempDirectory("outpost-tls");
      var file = dir.resolve("edge.p12");
      var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      var process =
          new ProcessBuilder(
                  List.of(
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
                      file.toString(),
                      "-storepass",
                      "changeit"))
              .redirectErrorStream(true)
              .start();
      process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed");
      }
      store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, PASSWORD);
      }
    }
    return store;
  }

  public static SslContext server() throws Exception {
    var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store(), PASSWORD);
    return SslContextBuilder.forServer(keys).build();
  }

  public static SslContext client() throws Exception {
    var certificate = (X509Certificate) store().getCertificate("edge");
    return SslContextBuilder.forClient().trustManager(certificate).build();
  }
}
