package dev.outpost.router.access;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request target ({@code /path?query}) as access control reads it. Pure functions.
 *
 * <p><b>The path an application is matched with</b> is normalized the way an origin might read it,
 * erring towards matching: percent-escapes decoded (repeatedly, so a double-encoded {@code %2561}
 * is {@code a} too), {@code \} read as {@code /}, {@code ;parameters} of each segment dropped,
 * empty and {@code .} segments removed and {@code ..} resolved (never above the root). So {@code
 * /x/..//%61dmin;v=1/} is matched as {@code /admin/}: an origin that reads it as {@code /admin} is
 * behind the application protecting {@code /admin}. Reading too much as protected only asks for a
 * login; reading too little would let a request past one.
 */
public final class RequestTarget {

  private static final int MAX_DECODING_ROUNDS = 3;

  private RequestTarget() {}

  /** The raw path of a target: origin-form up to '?' or '#', absolute-form's path, else "/". */
  public static String rawPath(String target) {
    if (target == null || target.isEmpty()) {
      return "/";
    }
    String path = target;
    if (!target.startsWith("/")) {
      int scheme = target.indexOf("://");
      if (scheme < 0) {
        return "/"; // "*" (OPTIONS) or an authority (CONNECT): the host's root decides
      }
      int slash = target.indexOf('/', scheme + 3);
      int query = target.indexOf('?', scheme + 3);
      if (slash < 0 || (query >= 0 && query < slash)) {
        return "/";
      }
      path = target.substring(slash);
    }
    int end = path.length();
    for (char c : new char[] {'?', '#'}) {
      int at = path.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return path.substring(0, end);
  }

  /** The raw query of a target (after '?', before '#'), or "". */
  public static String rawQuery(String target) {
    if (target == null) {
      return "";
    }
    int start = target.indexOf('?');
    if (start < 0) {
      return "";
    }
    int end = target.indexOf('#', start);
    return target.substring(start + 1, end < 0 ? target.length() : end);
  }

  /** The path applications are matched with; see the class documentation. */
  public static String matchingPath(String target) {
    String path = rawPath(target);
    for (int round = 0; round < MAX_DECODING_ROUNDS && path.indexOf('%') >= 0; round++) {
      path = percentDecode(path);
    }
    path = path.replace('\\', '/');
    Deque<String> segments = new ArrayDeque<>();
    boolean trailingSlash = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
    for (String segment : path.split("/")) {
      int parameters = segment.indexOf(';');
      if (parameters >= 0) {
        segment = segment.substring(0, parameters);
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        segments.pollLast();
        continue;
      }
      segments.addLast(segment);
    }
    if (segments.isEmpty()) {
      return "/";
    }
    String joined = "/" + String.join("/", segments);
    return trailingSlash ? joined + "/" : joined;
  }

  /** The query's parameters, form-decoded; the first of a repeated name wins. */
  public static Map<String, String> queryParameters(String target) {
    var parameters = new LinkedHashMap<String, String>();
    String query = rawQuery(target);
    if (query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        parameters.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a broken escape: the parameter is not there
      }
    }
    return parameters;
  }

  /** %XX escapes decoded as UTF-8; a '%' not followed by two hex digits stays as it is. */
  static String percentDecode(String s) {
    var bytes = new ByteArrayOutputStream(s.length());
    int plain = 0; // where the text not yet copied starts
    for (int i = 0; i + 2 < s.length(); i++) {
      if (s.charAt(i) == '%' && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        bytes.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
        plain = i + 1;
      }
    }
    bytes.writeBytes(s.substring(plain).getBytes(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
