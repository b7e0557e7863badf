package dev.outpost.ingress;

/**
 * The hostnames of ingress rules: reading them (a DNS name, optionally with a leading "*."
 * wildcard) and matching a request's Host against them.
 */
final class Hostnames {
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private Hostnames() {}

  /**
   * Reads a rule's hostname.
   *
   * @return the lowercase name, or null for "" and "*", which match every host
   * @throws IllegalArgumentException with a message for the configuration's author
   */
  static String parse(String hostname) {
    if (hostname.isEmpty() || hostname.equals("*")) {
      return null;
    }
    String name = asciiLowercase(hostname);
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(
          Values.describe(hostname) + " is not a valid hostname: " + problem);
    }
    return name;
  }

  /**
   * Whether a rule's hostname matches a request's host, already {@link #normalize}d. A wildcard
   * matches names at any depth below it but not the name itself: "*.acme.example" matches
   * "a.b.acme.example", not "acme.example".
   */
  static boolean matches(String ruleHostname, String host) {
    if (ruleHostname == null || ruleHostname.equals("*")) {
      return true;
    }
    if (ruleHostname.startsWith("*.")) {
      String suffix = ruleHostname.substring(1);
      return host.length() > suffix.length() && host.endsWith(suffix);
    }
    return ruleHostname.equals(host);
  }

  /** A request's Host header without its port, lowercase; "" for none. */
  static String normalize(String host) {
    if (host == null) {
      return "";
    }
    String withoutPort = host;
    int colon = host.lastIndexOf(':');
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      withoutPort = close > 0 && colon > close ? host.substring(0, close + 1) : host;
    } else if (colon >= 0 && host.indexOf(':') == colon) {
      withoutPort = host.substring(0, colon);
    }
    return asciiLowercase(withoutPort);
  }

  // Only A-Z: full Unicode lowercasing maps e.g. the Kelvin sign to "k", which would let a
  // look-alike Host match a rule meant for another name.
  private static String asciiLowercase(String s) {
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

  private static String problem(String name) {
    if (name.contains("://")) {
      return "remove the scheme; a hostname is just the name, as in app.acme.example";
    }
    if (name.contains("/")) {
      return "remove the path; match paths with the rule's path field";
    }
    if (name.matches(".*:[0-9]*")) {
      return "remove the port; a rule matches its hostname on any port";
    }
    if (name.lastIndexOf('*') > 0 || (name.startsWith("*") && !name.startsWith("*."))) {
      return "a wildcard is allowed only as the whole first label, as in *.acme.example";
    }
    if (name.length() > MAX_NAME) {
      return "it is longer than " + MAX_NAME + " characters";
    }
    String[] labels = (name.startsWith("*.") ? name.substring(2) : name).split("\\.", -1);
    for (String label : labels) {
      String labelProblem = labelProblem(label);
      if (labelProblem != null) {
        return labelProblem;
      }
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
}
