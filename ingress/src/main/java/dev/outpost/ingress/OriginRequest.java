package dev.outpost.ingress;

import java.time.Duration;
import java.util.List;

/**
 * How the connector talks to an origin: cloudflared's {@code originRequest} options. A null
 * component is not set, so that a rule's options can fall back to the global ones and those to
 * {@link #DEFAULTS}; see {@link #merge}.
 *
 * @param connectTimeout how long to wait for a new connection to the origin
 * @param tlsTimeout how long to wait for the TLS handshake with the origin
 * @param tcpKeepAlive the TCP keep-alive period of origin connections
 * @param noHappyEyeballs whether to turn off the IPv4/IPv6 fallback ("happy eyeballs")
 * @param keepAliveConnections the most idle connections kept open to the origin
 * @param keepAliveTimeout how long an idle origin connection is kept open
 * @param httpHostHeader the Host header to send instead of the request's own
 * @param originServerName the name expected on the origin's certificate
 * @param caPool a file of CA certificates to trust for the origin
 * @param noTLSVerify whether to accept any certificate from the origin
 * @param disableChunkedEncoding whether to send request bodies without chunked encoding
 * @param http2Origin whether to speak HTTP/2 to the origin
 * @param access the Access token the origin requires, checked by the connector
 */
public record OriginRequest(
    Duration connectTimeout,
    Duration tlsTimeout,
    Duration tcpKeepAlive,
    Boolean noHappyEyeballs,
    Integer keepAliveConnections,
    Duration keepAliveTimeout,
    String httpHostHeader,
    String originServerName,
    String caPool,
    Boolean noTLSVerify,
    Boolean disableChunkedEncoding,
    Boolean http2Origin,
    Access access) {

  /** Nothing set. */
  public static final OriginRequest NONE = builder().build();

  /** cloudflared's defaults, for what neither the rule nor the global options set. */
  public static final OriginRequest DEFAULTS =
      builder()
          .connectTimeout(Duration.ofSeconds(30))
          .tlsTimeout(Duration.ofSeconds(10))
          .tcpKeepAlive(Duration.ofSeconds(30))
          .noHappyEyeballs(false)
          .keepAliveConnections(100)
          .keepAliveTimeout(Duration.ofSeconds(90))
          .noTLSVerify(false)
          .disableChunkedEncoding(false)
          .http2Origin(false)
          .build();

  public OriginRequest {
    for (Duration d : new Duration[] {connectTimeout, tlsTimeout, tcpKeepAlive, keepAliveTimeout}) {
      if (d != null && d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
    if (keepAliveConnections != null && keepAliveConnections < 0) {
      throw new IllegalArgumentException("keepAliveConnections must not be negative");
    }
  }

  /**
   * These options, with each one not set here taken from {@code defaults}. The access block is
   * taken whole: its fields only make sense together.
   */
  public OriginRequest merge(OriginRequest defaults) {
    return new OriginRequest(
        or(connectTimeout, defaults.connectTimeout),
        or(tlsTimeout, defaults.tlsTimeout),
        or(tcpKeepAlive, defaults.tcpKeepAlive),
        or(noHappyEyeballs, defaults.noHappyEyeballs),
        or(keepAliveConnections, defaults.keepAliveConnections),
        or(keepAliveTimeout, defaults.keepAliveTimeout),
        or(httpHostHeader, defaults.httpHostHeader),
        or(originServerName, defaults.originServerName),
        or(caPool, defaults.caPool),
        or(noTLSVerify, defaults.noTLSVerify),
        or(disableChunkedEncoding, defaults.disableChunkedEncoding),
        or(http2Origin, defaults.http2Origin),
        or(access, defaults.access));
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /**
   * Requires a Cloudflare-Access-style token on each request, as cloudflared's {@code access} block
   * does.
   *
   * @param required whether a request without a valid token is refused
   * @param teamName the team whose signing keys verify the token; null when not set
   * @param audTag the audiences the token may carry
   */
  public record Access(boolean required, String teamName, List<String> audTag) {
    public Access {
      audTag = List.copyOf(audTag);
    }
  }

  /** Sets options one by one; what is not set stays null. */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration tlsTimeout;
    private Duration tcpKeepAlive;
    private Boolean noHappyEyeballs;
    private Integer keepAliveConnections;
    private Duration keepAliveTimeout;
    private String httpHostHeader;
    private String originServerName;
    private String caPool;
    private Boolean noTLSVerify;
    private Boolean disableChunkedEncoding;
    private Boolean http2Origin;
    private Access access;

    private Builder() {}

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder tlsTimeout(Duration value) {
      tlsTimeout = value;
      return this;
    }

    public Builder tcpKeepAlive(Duration value) {
      tcpKeepAlive = value;
      return this;
    }

    public Builder noHappyEyeballs(Boolean value) {
      noHappyEyeballs = value;
      return this;
    }

    public Builder keepAliveConnections(Integer value) {
      keepAliveConnections = value;
      return this;
    }

    public Builder keepAliveTimeout(Duration value) {
      keepAliveTimeout = value;
      return this;
    }

    public Builder httpHostHeader(String value) {
      httpHostHeader = value;
      return this;
    }

    public Builder originServerName(String value) {
      originServerName = value;
      return this;
    }

    public Builder caPool(String value) {
      caPool = value;
      return this;
    }

    public Builder noTLSVerify(Boolean value) {
      noTLSVerify = value;
      return this;
    }

    public Builder disableChunkedEncoding(Boolean value) {
      disableChunkedEncoding = value;
      return this;
    }

    public Builder http2Origin(Boolean value) {
      http2Origin = value;
      return this;
    }

    public Builder access(Access value) {
      access = value;
      return this;
    }

    public OriginRequest build() {
      return new OriginRequest(
          connectTimeout,
          tlsTimeout,
          tcpKeepAlive,
          noHappyEyeballs,
          keepAliveConnections,
          keepAliveTimeout,
          httpHostHeader,
          originServerName,
          caPool,
          noTLSVerify,
          disableChunkedEncoding,
          http2Origin,
          access);
    }
  }
}
