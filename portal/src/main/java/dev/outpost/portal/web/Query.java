package dev.outpost.portal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Query strings for the links a page repeats its filter in, and small text helpers for forms. */
public final class Query {

  private Query() {}

  /**
   * {@code name=value&...} for the pairs whose value is not blank, encoded; empty when all are.
   *
   * @param pairs name, value, name, value, ...
   */
  public static String of(String... pairs) {
    var joined = new StringJoiner("&");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!blank(pairs[i + 1])) {
        joined.add(
            URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
      }
    }
    return joined.toString();
  }

  public static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The value trimmed, or null when blank. */
  public static String trim(String value) {
    return blank(value) ? null : value.trim();
  }
}
