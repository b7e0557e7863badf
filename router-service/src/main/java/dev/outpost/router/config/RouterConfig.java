package dev.outpost.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The router's own settings, under {@code outpost.router}. */
@ConfigMapping(prefix = "outpost.router")
public interface RouterConfig {

  /** This router's identity in connector events and connection records; the host name if unset. */
  Optional<String> id();

  /** The public listener end users' requests arrive on. */
  @WithDefault("8000")
  int publicPort();

  /** The listener connectors dial out to (TLS, multiplexed). */
  @WithDefault("7844")
  int tunnelPort();

  /**
   * The public TLS listener (HTTP/2 and HTTP/1.1 by ALPN, certificate by SNI); on only when {@code
   * outpost.router.public-tls.certificates} names a folder.
   */
  PublicTls publicTls();

  /** The public TLS listener: {@code outpost.router.public-tls}. */
  interface PublicTls {

    @WithDefault("8443")
    int port();

    /** A folder of PKCS#12 key stores ({@code *.p12}) or PEM pairs ({@code NAME.crt}, NAME.key). */
    Optional<java.nio.file.Path> certificates();

    /** The PKCS#12 key stores' password. */
    @WithDefault("changeit")
    String password();
  }

  /** The address both listeners bind to. */
  @WithDefault("0.0.0.0")
  String host();

  /** The tunnel listener's certificate, which connectors verify: {@code outpost.router.tls}. */
  Tls tls();

  /** The edge's certificate and key. */
  interface Tls {

    /** A PKCS#12 key store holding the edge's key and certificate chain. */
    Optional<java.nio.file.Path> keyStore();

    /** The key store's password. */
    @WithDefault("changeit")
    String keyStorePassword();
  }

  /**
   * Forwarding through peer routers: {@code outpost.router.peer}. With several routers behind one
   * address, a request may reach a router that holds no connection of its tunnel; with peering on,
   * that router forwards it to one that does.
   */
  Peer peer();

  /** Where this router takes requests from its peers, and whom it trusts to send them. */
  interface Peer {

    /**
     * The PEM file of the CA that signed every router's edge certificate ({@code
     * outpost.router.tls.key-store}); routers present those certificates to each other. Peering is
     * on only when this is set.
     */
    Optional<java.nio.file.Path> ca();

    /** The peer listener's port (on {@code outpost.router.host}); 0 picks a free one. */
    @WithDefault("7845")
    int port();

    /**
     * host:port at which the other routers reach this one's peer listener. Unset: {@code
     * outpost.router.host} (or this machine's name, if that is the wildcard address) and the port
     * the listener bound.
     */
    Optional<String> advertisedAddress();
  }

  /** The routing view, built from the compacted topics at start: {@code outpost.router.routing}. */
  Routing routing();

  /** How the router learns where the topics ended when it started, to report readiness. */
  interface Routing {

    /** How long one attempt to read the topics' offsets waits for Kafka before trying again. */
    @WithDefault("10s")
    Duration offsetsTimeout();

    /** The pause between attempts while Kafka cannot be reached; readiness stays down meanwhile. */
    @WithDefault("5s")
    Duration offsetsRetry();
  }

  /** Access control at the edge: {@code outpost.router.access}. */
  Access access();

  /** Where the access-service is, and how the edge logs its decisions. */
  interface Access {

    /**
     * The access-service's browser-facing URL: browsers without a session are sent to its {@code
     * /login}, and {@code /.outpost/logout} to its {@code /logout}. The default is the local
     * launcher's access-service.
     */
    @WithDefault("http://localhost:8081")
    java.net.URI publicUrl();

    /**
     * The {@code iss} of access tokens: the access-service's {@code outpost.access.public-url}.
     * Defaults to {@link #publicUrl()} (without a trailing '/'), which it is unless a proxy
     * rewrites it.
     */
    Optional<String> issuer();

    /**
     * Where the edge exchanges service tokens for access tokens ({@code POST <url>/token}); the
     * public URL if unset. Set it when routers reach the access-service by an internal address.
     */
    Optional<java.net.URI> serviceUrl();

    /** How long the edge waits for the access-service's token exchange before answering 503. */
    @WithDefault("5s")
    Duration exchangeTimeout();

    /** The access log gets at most one allow per session or service token per application per... */
    @WithDefault("5m")
    Duration allowLogInterval();

    /** ...and at most one deny per client address, identity and application per... */
    @WithDefault("10s")
    Duration denyLogInterval();
  }
}
