package dev.outpost.ingress;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a matched request goes: the {@code service} of an ingress rule. {@link #toString()} gives
 * the canonical service string, which {@link #parse(String)} reads back to an equal value.
 */
public sealed interface OriginService {

  /** The accepted service forms, as error messages and the README list them. */
  String ACCEPTED_FORMS =
      "http://host[:port], https://host[:port], tcp://host:port, ssh://host[:port],"
          + " rdp://host[:port], unix:/path/to.sock, unix+tls:/path/to.sock, http_status:NNN,"
          + " hello_world";

  /**
   * Reads a service string as cloudflared's config.yml writes it.
   *
   * @throws IllegalArgumentException with a message for the configuration's author
   */
  static OriginService parse(String service) {
    return ServiceParser.parse(service);
  }

  /**
   * An HTTP or HTTPS origin: {@code scheme://host[:port]}, never with a path, since the request's
   * own path is sent to it.
   *
   * <p>Use {@link #host()} rather than {@code url().getHost()}: {@link URI} gives no host for names
   * with an underscore, which Docker Compose service names often have.
   */
  record Http(URI url) implements OriginService {
    public Http {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
    }

    /** Whether the origin speaks TLS (https). */
    public boolean tls() {
      return url.getScheme().equals("https");
    }

    /** The host name or IP address; an IPv6 address without its brackets. */
    public String host() {
      return Authority.of(url.getRawAuthority()).host();
    }

    /** The port, or the scheme's default (80 or 443) when the URL has none. */
    public int port() {
      int port = Authority.of(url.getRawAuthority()).port();
      return port >= 0 ? port : tls() ? 443 : 80;
    }

    @Override
    public String toString() {
      return url.toString();
    }
  }

  /**
   * A TCP origin reached through the tunnel: {@code tcp://}, {@code ssh://} (port 22 by default) or
   * {@code rdp://} (port 3389 by default).
   */
  record Tcp(String scheme, String host, int port) implements OriginService {
    public Tcp {
      Objects.requireNonNull(scheme, "scheme");
      Objects.requireNonNull(host, "host");
      if (!scheme.equals("tcp") && !scheme.equals("ssh") && !scheme.equals("rdp")) {
        throw new IllegalArgumentException("not a TCP scheme: " + scheme);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }

    @Override
    public String toString() {
      return scheme + "://" + Authority.bracketed(host) + ":" + port;
    }
  }

  /** An HTTP origin on a Unix socket; {@code tls} for {@code unix+tls:}. */
  record UnixSocket(Path path, boolean tls) implements OriginService {
    public UnixSocket {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return (tls ? "unix+tls:" : "unix:") + path;
    }
  }

  /** Answers every request with this status and no origin, as in the usual catch-all 404. */
  record HttpStatus(int code) implements OriginService {
    public HttpStatus {
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("HTTP status out of range: " + code);
      }
    }

    @Override
    public String toString() {
      return "http_status:" + code;
    }
  }

  /** The built-in test page that cloudflared also serves. */
  record HelloWorld() implements OriginService {
    @Override
    public String toString() {
      return "hello_world";
    }
  }
}
