package dev.outpost.portal.web;

import java.net.URI;

/**
 * The portal's Content-Security-Policy: scripts, styles and requests from the portal itself only
 * (htmx and portal.js are files it serves; no inline script or style anywhere), forms post to the
 * portal or, when a session has ended mid-form, are redirected to the identity provider's login.
 */
public final class ContentSecurityPolicy {

  private ContentSecurityPolicy() {}

  /** The header value for a portal whose users log in at {@code identityProvider}. */
  public static String of(String identityProvider) {
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self' "
        + origin(identityProvider)
        + "; frame-ancestors 'none'; base-uri 'none'";
  }

  /** {@code http://localhost:18080/realms/outpost} is {@code http://localhost:18080}. */
  static String origin(String url) {
    var uri = URI.create(url.trim());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute URL: " + url);
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
