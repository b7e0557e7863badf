package dev.outpost.infra.launcher;

import dev.outpost.infra.process.JavaRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local platform's own certificate authority and the edge certificate it signs, made once with
 * the JDK's keytool under {@code <state>/tls}: connectors verify the edge against {@code
 * edge-ca.pem}, exactly as they would against an operator's CA.
 */
final class LocalTls {

  static final String PASSWORD = "changeit";

  /** The edge's key store (PKCS#12) and the CA certificate connectors trust. */
  record EdgeTls(Path keyStore, Path caPem) {}

  private LocalTls() {}

  static EdgeTls ensure(Path state) {
    var dir = state.resolve("tls");
    var keyStore = dir.resolve("edge.p12");
    var caPem = dir.resolve("edge-ca.pem");
    if (Files.exists(keyStore) && Files.exists(caPem)) {
      return new EdgeTls(keyStore, caPem);
    }
    try {
      Files.createDirectories(dir);
      var ca = dir.resolve("ca.p12");
      var csr = dir.resolve("edge.csr");
      var crt = dir.resolve("edge.crt");
      for (var stale : List.of(ca, keyStore, caPem, csr, crt)) {
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
          caPem.toString());
      keytool(
          "-genkeypair",
          "-alias",
          "edge",
          "-dname",
          "CN=localhost",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-validity",
          "825",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          PASSWORD);
      keytool(
          "-certreq",
          "-alias",
          "edge",
          "-keystore",
          keyStore.toString(),
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
          "SAN=dns:localhost,ip:127.0.0.1");
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          caPem.toString(),
          "-keystore",
          keyStore.toString(),
          "-storepass",
          PASSWORD);
      keytool(
          "-importcert",
          "-alias",
          "edge",
          "-file",
          crt.toString(),
          "-keystore",
          keyStore.toString(),
          "-storepass",
          PASSWORD);
      Files.deleteIfExists(csr);
      return new EdgeTls(keyStore, caPem);
    } catch (IOException e) {
      throw new Launcher.StartupException(
          "cannot make the edge's certificate in " + dir + ": " + e.getMessage());
    }
  }

  private static void keytool(String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add(JavaRuntime.home().resolve("bin").resolve("keytool").toString());
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
