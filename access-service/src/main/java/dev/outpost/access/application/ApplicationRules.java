package dev.outpost.access.application;

import dev.outpost.service.hostname.Hostnames;
import dev.outpost.service.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The valid forms of an application's fields. Pure; each check adds a precise field error. */
final class ApplicationRules {

  static final long MIN_SESSION_SECONDS = 5 * 60;
  static final long MAX_SESSION_SECONDS = 30L * 24 * 60 * 60;
  static final int MAX_NAME = 200;
  static final int MAX_PATH = 1024;
  static final int MAX_IDENTITY_PROVIDERS = 20;

  private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ApplicationRules() {}

  static String name(String value, List<FieldError> errors) {
    if (value == null || value.isBlank() || value.trim().length() > MAX_NAME) {
      errors.add(new FieldError("name", "is required, up to " + MAX_NAME + " characters"));
      return null;
    }
    return value.trim();
  }

  /** An exact host name (no wildcard), lower case. */
  static String hostname(String value, List<FieldError> errors) {
    var parsed = Hostnames.parse(value, false);
    if (parsed.error() != null) {
      errors.add(new FieldError("hostname", parsed.error()));
    }
    return parsed.hostname();
  }

  /**
   * "/" or segments without a trailing '/', in printable ASCII; the edge compares it with request
   * paths as is, so nothing that clients or origins rewrite ('%', "//", "." segments) is allowed.
   * The same rules as the access-policy module's, which the router compiles applications with.
   */
  static String pathPrefix(String value, List<FieldError> errors) {
    if (value == null) {
      return "/";
    }
    var problem = pathPrefixProblem(value);
    if (problem != null) {
      errors.add(new FieldError("pathPrefix", problem));
      return null;
    }
    return value;
  }

  private static String pathPrefixProblem(String prefix) {
    if (!prefix.startsWith("/")) {
      return "must start with '/', as in /admin; use / for the whole host";
    }
    if (prefix.length() > MAX_PATH) {
      return "is longer than " + MAX_PATH + " characters";
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
      return "must not end with '/': "
          + prefix.substring(0, prefix.length() - 1)
          + " already matches itself and all below it";
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

  static long sessionSeconds(Long value, long defaultSeconds, List<FieldError> errors) {
    if (value == null) {
      return defaultSeconds;
    }
    if (value < MIN_SESSION_SECONDS || value > MAX_SESSION_SECONDS) {
      errors.add(
          new FieldError(
              "sessionDuration",
              "must be between "
                  + MIN_SESSION_SECONDS
                  + " (5 minutes) and "
                  + MAX_SESSION_SECONDS
                  + " (30 days) seconds"));
    }
    return value;
  }

  static List<String> identityProviders(List<String> values, List<FieldError> errors) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > MAX_IDENTITY_PROVIDERS) {
      errors.add(new FieldError("identityProviders", "may name up to " + MAX_IDENTITY_PROVIDERS));
      return List.of();
    }
    var seen = new HashSet<String>();
    var result = new ArrayList<String>();
    for (int i = 0; i < values.size(); i++) {
      var value = values.get(i);
      var field = "identityProviders[" + i + "]";
      if (value == null || !PROVIDER.matcher(value).matches()) {
        errors.add(
            new FieldError(
                field,
                "must be an identity provider alias: 1 to 64 letters, digits, '.', '_' or '-'"));
      } else if (!seen.add(value)) {
        errors.add(new FieldError(field, "'" + value + "' is listed twice"));
      } else {
        result.add(value);
      }
    }
    return result;
  }
}
