package dev.outpost.access.policy;

/** DNS names as applications and email domains use them: checked when written, exact when used. */
final class Hostnames {
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private Hostnames() {}

  /**
   * What is wrong with a name, or null when it is a valid DNS name. Upper case is allowed (names
   * compare case-insensitively); a wildcard, a port, a scheme or a path is not.
   */
  static String problem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (name.contains("://")) {
      return "remove the scheme; a hostname is just the name, as in app.acme.example";
    }
    if (name.contains("/")) {
      return "remove the path; an application's path goes in pathPrefix";
    }
    if (name.contains(":")) {
      return "remove the port; an application matches its hostname on any port";
    }
    if (name.contains("*")) {
      return "wildcards are not supported; name the exact host";
    }
    if (name.length() > MAX_NAME) {
      return "it is longer than " + MAX_NAME + " characters";
    }
    String[] labels = Ascii.lowercase(name).split("\\.", -1);
    for (String label : labels) {
      String labelProblem = labelProblem(label);
      if (labelProblem != null) {
        return labelProblem;
      }
    }
    if (allDigits(labels[labels.length - 1])) {
      return "the last label is all digits; an IP address is not a hostname";
    }
    return null;
  }

  private static String labelProblem(String label) {
    if (label.isEmpty()) {
      return "it has an empty label (a leading, trailing or doubled '.')";
    }
    if (label.length() > MAX_LABEL) {
      return "the label '" + label + "' is longer than " + MAX_LABEL + " characters";
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return "'"
            + c
            + "' is not allowed; use letters, digits and '-' (and punycode, xn--, for"
            + " international names)";
      }
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      return "the label '" + label + "' starts or ends with '-'";
    }
    return null;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
