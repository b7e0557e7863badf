package dev.outpost.ingress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations as cloudflared writes them: Go's {@code time.ParseDuration} syntax ("1h2m3.5s",
 * "500ms", "-1.5h") in YAML, and a plain number of seconds in JSON.
 */
final class Durations {
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  // Go accepts both micro signs (U+00B5 and U+03BC) as well as "us".
  private static final Map<String, Long> UNIT_NANOS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private Durations() {}

  /**
   * Parses a Go duration string; like Go, the result is limited to what fits in a signed 64-bit
   * count of nanoseconds (about 292 years).
   *
   * @throws IllegalArgumentException if the text is not one
   */
  static Duration parse(String text) {
    String rest = text;
    boolean negative = false;
    if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
      negative = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    while (!rest.isEmpty()) {
      int numberEnd = skipNumber(rest);
      if (numberEnd == 0 || rest.substring(0, numberEnd).equals(".")) {
        throw new IllegalArgumentException("not a duration: '" + text + "'");
      }
      int unitEnd = numberEnd;
      while (unitEnd < rest.length() && !isNumberChar(rest.charAt(unitEnd))) {
        unitEnd++;
      }
      Long unit = UNIT_NANOS.get(rest.substring(numberEnd, unitEnd));
      if (unit == null) {
        throw new IllegalArgumentException("missing or unknown unit in '" + text + "'");
      }
      BigDecimal amount = new BigDecimal(rest.substring(0, numberEnd));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
      rest = rest.substring(unitEnd);
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range: '" + text + "'");
    }
    long whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    return Duration.ofNanos(negative ? -whole : whole);
  }

  /** A number of seconds, as cloudflared's JSON configuration carries durations. */
  static Duration ofSeconds(Number seconds) {
    BigDecimal decimal = decimal(seconds);
    if (decimal == null) {
      throw new IllegalArgumentException("not a number of seconds: " + seconds);
    }
    BigDecimal nanos = decimal.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.DOWN);
    if (nanos.abs().compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range: " + seconds);
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /**
   * Formats as Go would parse it back, with zero parts left out: "1m30s", "1h", "1.5s", "500ms",
   * "0s".
   */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (seconds == 0) {
      if (nanos < 1_000) {
        return nanos + "ns";
      }
      return nanos < 1_000_000 ? fraction(nanos, 1_000) + "us" : fraction(nanos, 1_000_000) + "ms";
    }
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0 || nanos != 0) {
      BigDecimal secondsPart =
          BigDecimal.valueOf(seconds % 60).add(BigDecimal.valueOf(nanos, 9)).stripTrailingZeros();
      out.append(secondsPart.toPlainString()).append('s');
    }
    return out.toString();
  }

  /** The exact decimal value of a JSON or YAML number, or null for NaN and infinities. */
  static BigDecimal decimal(Number n) {
    return switch (n) {
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Double d -> Double.isFinite(d) ? new BigDecimal(d.toString()) : null;
      case Float f -> Float.isFinite(f) ? new BigDecimal(f.toString()) : null;
      default -> BigDecimal.valueOf(n.longValue());
    };
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** The end of a leading "digits[.digits]" number, 0 if there is none. */
  private static int skipNumber(String s) {
    int i = skipDigits(s, 0);
    if (i < s.length() && s.charAt(i) == '.') {
      i = skipDigits(s, i + 1);
    }
    return i;
  }

  private static int skipDigits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }
}
