package dev.outpost.router.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** The addresses access control sends clients to, and the checks on where it sends them. Pure. */
public final class AccessUrls {

  private AccessUrls() {}

  /**
   * The URL the client asked for, as a browser would show it: scheme by TLS, the Host header as
   * sent (with its port), the target as sent.
   */
  public static String original(boolean tls, CharSequence authority, String host, String target) {
    if (target != null && (target.startsWith("http://") || target.startsWith("https://"))) {
      return target; // absolute-form: the client named the URL itself
    }
    String path = target == null || !target.startsWith("/") ? "/" : target;
    return (tls ? "https" : "http")
        + "://"
        + (authority == null || authority.isEmpty() ? host : authority.toString())
        + path;
  }

  /**
   * The access-service's login for an application, coming back to {@code redirect}.
   *
   * @param accessUrl the access-service's public URL, without a trailing '/'
   * @param promptLogin whether the identity provider must ask again ("sign in as someone else")
   */
  public static String login(
      String accessUrl, UUID applicationId, String redirect, boolean promptLogin) {
    return accessUrl
        + "/login?application="
        + applicationId
        + "&redirect="
        + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
        + (promptLogin ? "&prompt=login" : "");
  }

  /** The access-service's logout, which ends the identity provider's session. */
  public static String logout(String accessUrl) {
    return accessUrl + "/logout";
  }

  /**
   * Whether {@code redirect} may be where {@code /.outpost/authorized} sends the browser: an
   * absolute http(s) URL without user info on the request's own host and port. Anything else would
   * make the edge an open redirect, or hand a session to another site.
   */
  public static boolean onRequestOrigin(String redirect, boolean tls, CharSequence authority) {
    if (redirect == null || authority == null) {
      return false;
    }
    URI uri;
    URI self;
    try {
      uri = new URI(redirect);
      self = new URI((tls ? "https" : "http") + "://" + authority + "/");
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    if (uri.getRawUserInfo() != null || uri.getHost() == null || self.getHost() == null) {
      return false;
    }
    return uri.getHost().equalsIgnoreCase(self.getHost())
        && port(uri.getPort(), scheme) == port(self.getPort(), self.getScheme());
  }

  /**
   * Whether a request comes from a browser that a redirect to a login page helps: it accepts HTML
   * and is not a script's {@code XMLHttpRequest}. Scripts get a 401 instead.
   */
  public static boolean isBrowser(CharSequence accept, CharSequence requestedWith) {
    if (accept == null || !accept.toString().toLowerCase(Locale.ROOT).contains("text/html")) {
      return false;
    }
    return requestedWith == null || !"xmlhttprequest".equalsIgnoreCase(requestedWith.toString());
  }

  private static int port(int port, String scheme) {
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
