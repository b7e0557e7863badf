package dev.outpost.protocol.edge;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;

/**
 * The public listener's certificates, picked by the name the client asks for (SNI): every PKCS#12
 * key store ({@code *.p12}) or PEM pair ({@code NAME.crt} with its PKCS#8 {@code NAME.key}) in a
 * folder serves the DNS names of its certificate, wildcards included. A client that names no known
 * host gets {@code default.*}, else the first file. Each context offers HTTP/2 and HTTP/1.1 by
 * ALPN.
 */
public final class PublicCertificates {

  private final Mapping<String, SslContext> byName;
  private final List<String> names;

  private PublicCertificates(Mapping<String, SslContext> byName, List<String> names) {
    this.byName = byName;
    this.names = names;
  }

  /** Loads every certificate in {@code folder}; PKCS#12 stores open with {@code password}. */
  public static PublicCertificates load(Path folder, char[] password)
      throws IOException, GeneralSecurityException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files =
          listing
              .filter(f -> f.toString().endsWith(".p12") || f.toString().endsWith(".crt"))
              .sorted((a, b) -> rank(a) - rank(b) != 0 ? rank(a) - rank(b) : a.compareTo(b))
              .toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no certificates (*.p12, or *.crt with *.key) in " + folder);
    }
    DomainWildcardMappingBuilder<SslContext> mapping = null;
    var names = new ArrayList<String>();
    for (var file : files) {
      SslContextBuilder builder;
      X509Certificate certificate;
      if (file.toString().endsWith(".p12")) {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, password);
        }
        var alias = keyAlias(store, file);
        certificate = (X509Certificate) store.getCertificate(alias);
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        builder = SslContextBuilder.forServer(keys);
      } else {
        var name = file.getFileName().toString();
        var key = file.resolveSibling(name.substring(0, name.length() - 4) + ".key");
        if (!Files.exists(key)) {
          throw new IOException(file + " has no private key next to it (" + key + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
          certificate =
              (X509Certificate)
                  java.security.cert.CertificateFactory.getInstance("X.509")
                      .generateCertificate(in);
        }
        builder = SslContextBuilder.forServer(file.toFile(), key.toFile());
      }
      var context =
          builder
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_2,
                      ApplicationProtocolNames.HTTP_1_1))
              .build();
      if (mapping == null) {
        mapping = new DomainWildcardMappingBuilder<>(context);
      }
      for (var dns : dnsNames(certificate)) {
        mapping.add(dns, context);
        names.add(dns);
      }
    }
    return new PublicCertificates(mapping.build(), List.copyOf(names));
  }

  private static int rank(Path file) {
    return file.getFileName().toString().startsWith("default.") ? 0 : 1;
  }

  private static String keyAlias(KeyStore store, Path file) throws GeneralSecurityException {
    for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
      var alias = aliases.nextElement();
      if (store.isKeyEntry(alias)) {
        return alias;
      }
    }
    throw new GeneralSecurityException(file + " holds no private key");
  }

  private static List<String> dnsNames(X509Certificate certificate)
      throws CertificateParsingException {
    var names = new ArrayList<String>();
    var alternatives = certificate.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (var entry : alternatives) {
        if (entry.get(0) instanceof Integer type && type == 2) {
          names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  /** The context for the name a client asked for (or the default). */
  Mapping<String, SslContext> mapping() {
    return byName;
  }

  /** Every DNS name a certificate serves, for the log. */
  public List<String> names() {
    return names;
  }
}
