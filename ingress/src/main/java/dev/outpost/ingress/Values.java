package dev.outpost.ingress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of the neutral structure that Jackson and SnakeYAML produce (maps, lists,
 * strings, numbers, booleans). A wrong value becomes a violation and a null result, so the caller
 * carries on and reports everything in one pass.
 */
final class Values {
  private static final int QUOTE_LIMIT = 80;

  private Values() {}

  /** The value as a message shows it: the text itself for scalars, never a Java class name. */
  static String describe(Object value) {
    return switch (value) {
      case null -> "nothing";
      case String s ->
          "'" + (s.length() > QUOTE_LIMIT ? s.substring(0, QUOTE_LIMIT) + "..." : s) + "'";
      case Boolean b -> b.toString();
      case Number n -> n.toString();
      case Map<?, ?> m -> "a mapping";
      case List<?> l -> "a list";
      default -> "a value of an unsupported type";
    };
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String string(Object value, String field, String example, Violations violations) {
    if (value instanceof String s) {
      return s;
    }
    violations.add(field, "expected a string such as " + example + ", got " + describe(value));
    return null;
  }

  static Boolean bool(Object value, String field, Violations violations) {
    if (value instanceof Boolean b) {
      return b;
    }
    violations.add(field, "expected true or false, got " + describe(value));
    return null;
  }

  static Integer count(Object value, String field, Violations violations) {
    BigInteger whole = value instanceof Number n ? wholeNumber(n) : null;
    if (whole == null) {
      violations.add(field, "expected a whole number such as 100, got " + describe(value));
      return null;
    }
    if (whole.signum() < 0) {
      violations.add(field, "must not be negative, got " + whole);
      return null;
    }
    if (whole.bitLength() > 31) {
      violations.add(field, whole + " is too large; the largest allowed is " + Integer.MAX_VALUE);
      return null;
    }
    return whole.intValue();
  }

  /** A Go-style duration string ("1m30s") or, as cloudflared's JSON has it, seconds. */
  static Duration duration(Object value, String field, Violations violations) {
    Duration parsed;
    try {
      parsed =
          switch (value) {
            case String s -> Durations.parse(s);
            case Number n -> Durations.ofSeconds(n);
            default -> throw new IllegalArgumentException();
          };
    } catch (IllegalArgumentException e) {
      violations.add(field, describe(value) + " is not a duration; use for example 30s or 1m30s");
      return null;
    }
    if (parsed.isNegative()) {
      violations.add(field, describe(value) + " is negative; a duration must be 0 or more");
      return null;
    }
    return parsed;
  }

  /**
   * A key that is not among the known ones, with the nearest known key when it looks like a typo (a
   * wrong case or up to two edits).
   */
  static String unknownKey(String key, String what, Collection<String> known) {
    String nearest = null;
    int nearestDistance = 3;
    for (String candidate : known) {
      int distance = candidate.equalsIgnoreCase(key) ? 0 : editDistance(candidate, key);
      if (distance < nearestDistance) {
        nearest = candidate;
        nearestDistance = distance;
      }
    }
    String list = String.join(", ", known);
    return nearest == null
        ? "unknown " + what + "; the known ones are " + list
        : "unknown " + what + "; did you mean " + nearest + "? The known ones are " + list;
  }

  private static BigInteger wholeNumber(Number n) {
    return switch (n) {
      case Integer i -> BigInteger.valueOf(i);
      case Long l -> BigInteger.valueOf(l);
      case Short s -> BigInteger.valueOf(s);
      case Byte b -> BigInteger.valueOf(b);
      case BigInteger b -> b;
      default -> {
        BigDecimal decimal = Durations.decimal(n);
        yield decimal != null && decimal.stripTrailingZeros().scale() <= 0
            ? decimal.toBigIntegerExact()
            : null;
      }
    };
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
