package dev.outpost.ingress;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code host[:port]} part of a service URL. Hand-parsed rather than left to {@link
 * java.net.URI}, which gives no host for names with an underscore ("my_app") although Go, and so
 * cloudflared, accepts them.
 *
 * @param host lowercase; an IPv6 address without brackets
 * @param port -1 when absent
 */
record Authority(String host, int port) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]+");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /** Reads an authority already known to be valid. */
  static Authority of(String authority) {
    return parse(authority, authority);
  }

  /**
   * @param service the whole service string, for messages
   * @throws IllegalArgumentException with a message for the configuration's author
   */
  static Authority parse(String authority, String service) {
    String quoted = Values.describe(service);
    if (authority.contains("@")) {
      throw new IllegalArgumentException(quoted + " must not contain a user name or password");
    }
    String host;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? "" : authority.substring(1, close).toLowerCase(Locale.ROOT);
      String after = close < 0 ? "" : authority.substring(close + 1);
      if (!IPV6.matcher(host).matches() || !(after.isEmpty() || after.startsWith(":"))) {
        throw new IllegalArgumentException(
            quoted + " has an invalid IPv6 address; write it as in http://[::1]:8080");
      }
      port = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = authority.indexOf(':');
      if (colon != authority.lastIndexOf(':')) {
        throw new IllegalArgumentException(
            quoted
                + " has more than one ':'; write an IPv6 address in brackets, as in"
                + " http://[::1]:8080");
      }
      host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
      port = colon < 0 ? null : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw new IllegalArgumentException(
            quoted + " has no host; use for example http://localhost:8080");
      }
      if (!NAME.matcher(host).matches()) {
        throw new IllegalArgumentException(
            quoted + " has an invalid host; use letters, digits, '.', '-' and '_'");
      }
    }
    return new Authority(host, port == null ? -1 : parsePort(port, quoted));
  }

  static String bracketed(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return bracketed(host) + (port < 0 ? "" : ":" + port);
  }

  private static int parsePort(String port, String quoted) {
    int value = PORT.matcher(port).matches() ? Integer.parseInt(port) : 0;
    if (value < 1 || value > 65535) {
      throw new IllegalArgumentException(
          quoted + " has an invalid port " + Values.describe(port) + "; use 1 to 65535");
    }
    return value;
  }
}
