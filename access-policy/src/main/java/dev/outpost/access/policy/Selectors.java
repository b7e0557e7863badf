package dev.outpost.access.policy;

import java.util.UUID;

/** The checks behind validation messages that are more than a line: small pure functions. */
final class Selectors {
  private static final int AUDIENCE_LENGTH = 64;

  private Selectors() {}

  /** A selector of this type as JSON, for messages. */
  static String example(SelectorType type) {
    String value =
        switch (type) {
          case EMAIL -> "alice@acme.example";
          case EMAIL_DOMAIN -> "acme.example";
          case GROUP -> "engineering";
          case IP -> "10.0.0.0/8";
          case SERVICE_TOKEN -> "123e4567-e89b-12d3-a456-426614174000";
          case EVERYONE, ANY_SERVICE_TOKEN -> null;
        };
    return value == null
        ? "{\"type\":\"" + type.wireName() + "\"}"
        : "{\"type\":\"" + type.wireName() + "\",\"value\":\"" + value + "\"}";
  }

  /** What is wrong with an email address, or null. Checks the shape only; the IdP verifies it. */
  static String emailProblem(String email) {
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return "it has no '@'; write it as in alice@acme.example";
    }
    if (at == 0) {
      return "nothing before the '@'";
    }
    for (int i = 0; i < at; i++) {
      char c = email.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return "it contains a space or a control character";
      }
    }
    String domainProblem = Hostnames.problem(email.substring(at + 1));
    return domainProblem == null ? null : "its domain is not valid: " + domainProblem;
  }

  /**
   * What is wrong with a path prefix, as a phrase that follows the quoted prefix, or null. A prefix
   * is "/" or segments without a trailing '/', in printable ASCII; it is compared with the request
   * path as is, so nothing that clients or origins rewrite ('%', "//", "." segments) is allowed.
   */
  static String pathPrefixProblem(String prefix, int maxLength) {
    if (!prefix.startsWith("/")) {
      return "must start with '/', as in /admin; use / for the whole host";
    }
    if (prefix.length() > maxLength) {
      return "is longer than " + maxLength + " characters";
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return "must be printable ASCII without spaces";
      }
      if (c == '?' || c == '#') {
        return "must not contain a query or fragment ('" + c + "'); give the path only";
      }
      if (c == '*') {
        return "must not contain '*': a prefix already matches everything below it";
      }
      if (c == '%') {
        return "must not contain '%': percent-encoded prefixes are not supported";
      }
    }
    if (prefix.length() > 1 && prefix.endsWith("/")) {
      String trimmed = prefix.substring(0, prefix.length() - 1);
      return "must not end with '/': " + trimmed + " already matches itself and all below it";
    }
    if (prefix.contains("//")) {
      return "has an empty segment ('//')";
    }
    for (String segment : prefix.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return "has a '" + segment + "' segment, which clients resolve away";
      }
    }
    return null;
  }

  /** The UUID written canonically (8-4-4-4-12 hex digits, any case), or null. */
  static UUID uuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return null;
      }
    }
    return UUID.fromString(text);
  }

  static boolean isAudienceTag(String audience) {
    if (audience.length() != AUDIENCE_LENGTH) {
      return false;
    }
    for (int i = 0; i < audience.length(); i++) {
      char c = audience.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static int editDistance(String a, String b) {
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

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
