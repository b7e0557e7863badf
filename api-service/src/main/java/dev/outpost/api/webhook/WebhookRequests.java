package dev.outpost.api.webhook;

import dev.outpost.service.problem.Problem;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Checks what tenants send about subscriptions, each check adding precise field errors. Pure: the
 * tunnel filter's existence is the service's to check.
 */
final class WebhookRequests {

  static final int MAX_URL = 2048;
  static final int MAX_DESCRIPTION = 200;
  static final Duration MAX_GRACE = Duration.ofDays(7);

  private WebhookRequests() {}

  /**
   * The URL, or null with an error added. A literal address the guard refuses is refused here
   * already; a name is resolved and checked at every delivery.
   */
  static String url(String url, DestinationGuard guard, List<Problem.FieldError> errors) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      errors.add(new Problem.FieldError("url", "is required, up to " + MAX_URL + " characters"));
      return null;
    }
    URI parsed;
    try {
      parsed = new URI(url.trim());
    } catch (URISyntaxException e) {
      errors.add(new Problem.FieldError("url", "is not a URL"));
      return null;
    }
    var scheme = parsed.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || parsed.getHost() == null
        || parsed.getHost().isEmpty()) {
      errors.add(new Problem.FieldError("url", "must be an absolute http:// or https:// URL"));
      return null;
    }
    if (parsed.getRawUserInfo() != null || parsed.getRawFragment() != null) {
      errors.add(new Problem.FieldError("url", "must not carry credentials or a #fragment"));
      return null;
    }
    var literal = literalAddress(parsed.getHost());
    if (literal != null) {
      var refusal = guard.refusal(literal);
      if (refusal.isPresent()) {
        errors.add(new Problem.FieldError("url", refusal.get()));
        return null;
      }
    }
    return parsed.toString();
  }

  /** The address a host names without DNS (an IP literal), or null for a name. */
  private static InetAddress literalAddress(String host) {
    var bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return null;
    }
    try {
      return InetAddress.getByName(bare); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The event types, deduplicated in order, or null with an error added. */
  static List<String> eventTypes(List<String> types, List<Problem.FieldError> errors) {
    if (types == null || types.isEmpty()) {
      errors.add(
          new Problem.FieldError(
              "eventTypes",
              "name at least one of " + String.join(", ", WebhookEventType.subscribable())));
      return null;
    }
    var known = WebhookEventType.subscribable();
    var parsed = new LinkedHashSet<String>();
    for (int i = 0; i < types.size(); i++) {
      if (!known.contains(types.get(i))) {
        errors.add(
            new Problem.FieldError(
                "eventTypes[" + i + "]",
                "'" + types.get(i) + "' is not an event type; known: " + String.join(", ", known)));
      } else {
        parsed.add(types.get(i));
      }
    }
    return new ArrayList<>(parsed);
  }

  /** The tunnel filter's id, null when absent, or null with an error added. */
  static UUID tunnelId(String tunnelId, List<Problem.FieldError> errors) {
    if (tunnelId == null || tunnelId.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(tunnelId);
    } catch (IllegalArgumentException e) {
      errors.add(new Problem.FieldError("tunnelId", "is not a tunnel id"));
      return null;
    }
  }

  static String description(String description, List<Problem.FieldError> errors) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.add(
          new Problem.FieldError("description", "is up to " + MAX_DESCRIPTION + " characters"));
    }
    return description == null || description.isBlank() ? null : description.trim();
  }

  /** A rotation's grace period (ISO-8601, PT0S to P7D), or {@code fallback} when absent. */
  static Duration gracePeriod(String value, Duration fallback, List<Problem.FieldError> errors) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      var grace = Duration.parse(value);
      if (!grace.isNegative() && grace.compareTo(MAX_GRACE) <= 0) {
        return grace;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    errors.add(new Problem.FieldError("gracePeriod", "an ISO-8601 duration from PT0S to P7D"));
    return fallback;
  }
}
