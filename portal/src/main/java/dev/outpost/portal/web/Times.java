package dev.outpost.portal.web;

import java.util.regex.Pattern;

/** Times typed in forms ({@code datetime-local} inputs) as the APIs read them. Pure. */
public final class Times {

  private static final Pattern LOCAL =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");

  private Times() {}

  /**
   * A browser's {@code 2026-11-25T14:05} (no zone: the form says its times are UTC) as {@code
   * 2026-11-25T14:05:00Z}; anything else as typed, for the API to accept or explain; null when
   * blank.
   */
  public static String utc(String typed) {
    if (typed == null || typed.isBlank()) {
      return null;
    }
    var value = typed.trim();
    if (LOCAL.matcher(value).matches()) {
      return value.length() == 16 ? value + ":00Z" : value + "Z";
    }
    return value;
  }
}
