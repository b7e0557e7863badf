package dev.outpost.ingress;

import dev.outpost.ingress.OriginService.HelloWorld;
import dev.outpost.ingress.OriginService.Http;
import dev.outpost.ingress.OriginService.HttpStatus;
import dev.outpost.ingress.OriginService.Tcp;
import dev.outpost.ingress.OriginService.UnixSocket;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the service strings of cloudflared's config.yml into {@link OriginService}s. */
final class ServiceParser {
  // cloudflared's spellings of the test page; "hello_world" is the canonical one.
  private static final Set<String> HELLO_WORLD = Set.of("hello_world", "hello-world", "helloworld");
  // cloudflared services that Outpost deliberately leaves out: say so rather than "unsupported".
  private static final Set<String> CLOUDFLARED_ONLY = Set.of("bastion", "socks-proxy");
  private static final Pattern STATUS = Pattern.compile("[0-9]{3}");

  private ServiceParser() {}

  static OriginService parse(String service) {
    Objects.requireNonNull(service, "service");
    if (service.startsWith("unix+tls:")) {
      return unix(service, "unix+tls:", true);
    }
    if (service.startsWith("unix:")) {
      return unix(service, "unix:", false);
    }
    if (service.startsWith("http_status:")) {
      return status(service);
    }
    if (HELLO_WORLD.contains(service)) {
      return new HelloWorld();
    }
    if (CLOUDFLARED_ONLY.contains(service)) {
      throw new IllegalArgumentException(
          "'"
              + service
              + "' is a cloudflared service that Outpost does not support; use one of: "
              + OriginService.ACCEPTED_FORMS);
    }
    int separator = service.indexOf("://");
    if (separator <= 0) {
      throw new IllegalArgumentException(
          Values.describe(service)
              + " is not a supported service; use one of: "
              + OriginService.ACCEPTED_FORMS);
    }
    return url(service, service.substring(0, separator).toLowerCase(Locale.ROOT), separator + 3);
  }

  private static OriginService url(String service, String scheme, int authorityStart) {
    int defaultPort =
        switch (scheme) {
          case "http", "https", "tcp" -> -1;
          case "ssh" -> 22;
          case "rdp" -> 3389;
          default ->
              throw new IllegalArgumentException(
                  Values.describe(service)
                      + " has an unsupported scheme '"
                      + scheme
                      + "'; use one of: "
                      + OriginService.ACCEPTED_FORMS);
        };
    String rest = service.substring(authorityStart);
    int end = firstIndexOfAny(rest, "/?#");
    String authorityText = rest.substring(0, end);
    String tail = rest.substring(end);
    if (!tail.isEmpty() && !tail.equals("/")) {
      String what =
          tail.startsWith("/")
              ? "a path: the request's own path is sent to the origin unchanged"
              : "a query or fragment";
      throw new IllegalArgumentException(
          Values.describe(service)
              + " must not have "
              + what
              + "; use "
              + scheme
              + "://"
              + authorityText);
    }
    Authority authority = Authority.parse(authorityText, service);
    if (scheme.startsWith("http")) {
      return new Http(URI.create(scheme + "://" + authority));
    }
    int port = authority.port() >= 0 ? authority.port() : defaultPort;
    if (port < 0) {
      throw new IllegalArgumentException(
          Values.describe(service) + " needs a port, as in tcp://localhost:5432");
    }
    return new Tcp(scheme, authority.host(), port);
  }

  private static OriginService unix(String service, String prefix, boolean tls) {
    String path = service.substring(prefix.length());
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + service + "' needs a socket path, as in " + prefix + "/run/app.sock");
    }
    try {
      return new UnixSocket(Path.of(path), tls);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          Values.describe(service) + " has an invalid socket path: " + e.getReason());
    }
  }

  private static OriginService status(String service) {
    String code = service.substring("http_status:".length());
    int value = STATUS.matcher(code).matches() ? Integer.parseInt(code) : 0;
    if (value < 100 || value > 599) {
      throw new IllegalArgumentException(
          Values.describe(service) + " needs a status code from 100 to 599, as in http_status:404");
    }
    return new HttpStatus(value);
  }

  private static int firstIndexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
