package dev.outpost.access.policy;

/**
 * Case folding for names that are ASCII by definition (hostnames, email addresses as compared
 * here). Only A-Z: full Unicode lowercasing maps e.g. the Kelvin sign to "k", which would let a
 * look-alike match a rule meant for another name.
 */
final class Ascii {
  private Ascii() {}

  /** The string with A-Z lowercased; the same instance when there is nothing to change. */
  static String lowercase(String s) {
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
