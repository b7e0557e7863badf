package dev.outpost.router.routing;

/** The hostnames the routing view compares: route keys and requests' Host headers. */
final class Hosts {

  private Hosts() {}

  /** A route's key as the view stores it: lower case, without a trailing dot. */
  static String routeKey(String hostname) {
    return withoutTrailingDot(asciiLowercase(hostname));
  }

  /**
   * A request's Host header as the view looks it up: lower case, without its port and trailing dot;
   * "" if it cannot name a route (absent, an IP literal in brackets, an empty label, a '*').
   */
  static String requestHost(String host) {
    if (host == null) {
      return "";
    }
    int colon = host.indexOf(':');
    if (host.startsWith("[") || colon != host.lastIndexOf(':')) {
      return ""; // an IPv6 literal: no route is bound to an address
    }
    String name = colon >= 0 ? host.substring(0, colon) : host;
    name = withoutTrailingDot(asciiLowercase(name));
    // "*.acme.example" as a Host would hit the wildcard route by exact lookup; an empty label
    // (".acme.example", "a..acme.example") would build a wildcard candidate from nothing.
    if (name.isEmpty() || name.indexOf('*') >= 0 || name.startsWith(".") || name.contains("..")) {
      return "";
    }
    return name;
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  // Only A-Z, as the ingress matcher does: full Unicode lowercasing maps e.g. the Kelvin sign to
  // "k", which would let a look-alike Host reach a route meant for another name.
  private static String asciiLowercase(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, (char) (c + ('a' - 'A')));
      }
    }
    return out == null ? s : out.toString();
  }
}
