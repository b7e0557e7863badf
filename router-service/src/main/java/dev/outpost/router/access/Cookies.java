package dev.outpost.router.access;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cookie} request header as the edge reads and rewrites it (RFC 6265 §4.2: {@code
 * name=value} pairs separated by {@code ;}). HTTP/2 clients may split it over several headers; each
 * is handled alike. Pure functions.
 */
public final class Cookies {

  private Cookies() {}

  /**
   * Every value of the cookie {@code name} in these headers, in order (a browser sends the one with
   * the longest path first, and may send several of one name for different paths).
   */
  public static List<String> values(List<? extends CharSequence> headers, String name) {
    var found = new ArrayList<String>(1);
    for (var header : headers) {
      for (String pair : header.toString().split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
          found.add(unquote(pair.substring(eq + 1).strip()));
        }
      }
    }
    return found;
  }

  /**
   * The headers without the cookie {@code name}: other cookies are kept as they were, a header left
   * with no cookie is dropped.
   */
  public static List<String> without(List<? extends CharSequence> headers, String name) {
    var kept = new ArrayList<String>(headers.size());
    for (var header : headers) {
      var pairs = new ArrayList<String>();
      for (String pair : header.toString().split(";")) {
        int eq = pair.indexOf('=');
        String cookieName = (eq < 0 ? pair : pair.substring(0, eq)).strip();
        if (!cookieName.equals(name) && !pair.isBlank()) {
          pairs.add(pair.strip());
        }
      }
      if (!pairs.isEmpty()) {
        kept.add(String.join("; ", pairs));
      }
    }
    return kept;
  }

  /** Whether any of the headers holds the cookie {@code name}. */
  public static boolean contains(List<? extends CharSequence> headers, String name) {
    return !values(headers, name).isEmpty();
  }

  /**
   * A {@code Set-Cookie} value for the edge's session cookie: host-scoped (no Domain), HttpOnly,
   * SameSite=Lax, Secure over TLS.
   *
   * @param maxAgeSeconds 0 removes the cookie
   */
  public static String setCookie(
      String name, String value, String path, long maxAgeSeconds, boolean secure) {
    return name
        + "="
        + value
        + "; Path="
        + path
        + "; Max-Age="
        + Math.max(0, maxAgeSeconds)
        + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
