package dev.outpost.portal.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages write times and durations: UTC, to the second, the same on every page. */
@TemplateExtension
public final class Formats {

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Formats() {}

  /** {@code 2026-11-25 14:03:05 UTC}. */
  public static String display(OffsetDateTime at) {
    return at == null ? "" : UTC.format(at.withOffsetSameInstant(ZoneOffset.UTC)) + " UTC";
  }

  /** A duration in seconds as people say it: {@code 1 day}, {@code 8 hours}, {@code 90 minutes}. */
  public static String seconds(long seconds) {
    var d = Duration.ofSeconds(seconds);
    if (seconds % 86_400 == 0) {
      return plural(d.toDays(), "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(d.toHours(), "hour");
    }
    if (seconds % 60 == 0) {
      return plural(d.toMinutes(), "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
