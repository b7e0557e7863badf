package dev.outpost.service.hostname;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Host names and zones: their valid forms, and whether one lies inside another. Pure. */
public final class Hostnames {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private Hostnames() {}

  /**
   * The canonical form of {@code value} (lower case, no trailing dot), or a message saying what is
   * wrong with it. A leading {@code *.} is accepted when {@code wildcard} is true.
   */
  public static Result parse(String value, boolean wildcard) {
    if (value == null || value.isBlank()) {
      return Result.error("is required");
    }
    var host = value.trim().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.contains("://") || host.contains("/") || host.contains(":")) {
      return Result.error("must be a bare host name, without scheme, port or path");
    }
    var rest = host;
    if (host.startsWith("*.")) {
      if (!wildcard) {
        return Result.error("must not be a wildcard");
      }
      rest = host.substring(2);
    }
    if (rest.contains("*")) {
      return Result.error("may hold '*' only as its whole first label, as in *.example.com");
    }
    if (host.length() > 253) {
      return Result.error("is longer than 253 characters");
    }
    var labels = rest.split("\\.", -1);
    if (labels.length < 2) {
      return Result.error("must have at least two labels, as in example.com");
    }
    for (var label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return Result.error(
            "has an invalid label '"
                + label
                + "': letters, digits and inner dashes, 1 to 63 characters");
      }
    }
    return new Result(host, null);
  }

  /** Whether {@code hostname} (maybe a {@code *.} wildcard) lies in {@code zone}. */
  public static boolean within(String hostname, String zone) {
    var host = hostname.startsWith("*.") ? hostname.substring(2) : hostname;
    return host.equals(zone) || host.endsWith("." + zone);
  }

  /** A parsed host name or the reason it is not one. */
  public record Result(String hostname, String error) {
    static Result error(String message) {
      return new Result(null, message);
    }

    public Optional<String> value() {
      return Optional.ofNullable(hostname);
    }
  }
}
