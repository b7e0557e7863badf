package dev.outpost.protocol;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * An edge certificate for {@code localhost} signed by a CA of its own, made with the JDK's keytool:
 * what the local launcher and the tests give the edge, and the CA file connectors trust in place of
 * an operator's CA.
 *
 * @param keyStore PKCS#12 with the edge's key and its chain
 * @param caPem the CA certificate, PEM
 */
public record EdgeCertificates(Path keyStore, String password, Path caPem) {

  public static final String PASSWORD = "changeit";

  /** The certificates in {@code dir}, made on first use and kept for later runs. */
  public static EdgeCertificates inFolder(Path dir) throws IOException {
    var certificates =
        new EdgeCertificates(dir.resolve("edge.p12"), PASSWORD, dir.resolve("edge-ca.pem"));
    if (Files.exists(certificates.keyStore()) && Files.exists(certificates.caPem())) {
      return certificates;
    }
    Files.createDirectories(dir);
    var ca = dir.resolve("ca.p12");
    for (var stale : List.of(ca, certificates.keyStore(), certificates.caPem())) {
      Files.deleteIfExists(stale);
    }
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-dname",
        "CN=Outpost local CA",
        "-ext",
        "bc:c",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "3650",
        "-storetype",
        "PKCS12",
        "-keystore",
        ca.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificates.caPem().toString());
    certificates.signedKeyStore(
        certificates.keyStore(), "edge", "localhost", "SAN=dns:localhost,ip:127.0.0.1");
    return certificates;
  }

  /**
   * Issues a certificate for {@code dnsNames}, signed by this folder's CA, into the PKCS#12 key
   * store {@code target} (password {@link #PASSWORD}); for the public listener's SNI certificates.
   */
  public void issue(Path target, List<String> dnsNames) throws IOException {
    signedKeyStore(
        target,
        "public",
        dnsNames.getFirst(),
        "SAN=" + String.join(",", dnsNames.stream().map(n -> "dns:" + n).toList()));
  }

  /**
   * A new key in the PKCS#12 store {@code target} under {@code alias}, with a certificate for
   * {@code commonName} and the subject alternative names {@code san} signed by the CA, chain
   * included.
   */
  private void signedKeyStore(Path target, String alias, String commonName, String san)
      throws IOException {
    var ca = keyStore.resolveSibling("ca.p12");
    var csr = target.resolveSibling(target.getFileName() + ".csr");
    var crt = target.resolveSibling(target.getFileName() + ".crt");
    var store = target.toString();
    Files.deleteIfExists(target);
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-dname",
        "CN=" + commonName,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-validity",
        "825",
        "-storetype",
        "PKCS12",
        "-keystore",
        store,
        "-storepass",
        PASSWORD);
    keytool(
        "-certreq",
        "-alias",
        alias,
        "-keystore",
        store,
        "-storepass",
        PASSWORD,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        PASSWORD,
        "-infile",
        csr.toString(),
        "-outfile",
        crt.toString(),
        "-validity",
        "825",
        "-ext",
        san);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caPem.toString(),
        "-keystore",
        store,
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-alias",
        alias,
        "-file",
        crt.toString(),
        "-keystore",
        store,
        "-storepass",
        PASSWORD);
    Files.deleteIfExists(csr);
    Files.deleteIfExists(crt);
  }

  /** The edge's TLS server context. */
  public SslContext serverContext() throws IOException, GeneralSecurityException {
    return SslContextBuilder.forServer(keyManagers()).build();
  }

  /** The edge certificate and its key, for the tunnel listener and for links between routers. */
  public KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
    var store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    return keys;
  }

  /** A connector's TLS client context that trusts this CA only. */
  public SslContext clientContext() throws IOException {
    return SslContextBuilder.forClient().trustManager(caPem.toFile()).build();
  }

  private static void keytool(String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + output.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
