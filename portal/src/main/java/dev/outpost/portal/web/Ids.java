package dev.outpost.portal.web;

import jakarta.ws.rs.NotFoundException;
import java.util.regex.Pattern;

/**
 * Checks the ids and host names taken from the portal's own URLs before they become part of an API
 * path: anything else names nothing (404), and never reaches another endpoint.
 */
public final class Ids {

  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9.-]{0,252}");

  /** A path template's pattern for ids, so that {@code /tunnels/new} is not taken for one. */
  public static final String UUID =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  private Ids() {}

  public static String uuid(String raw) {
    try {
      return java.util.UUID.fromString(raw).toString();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new NotFoundException();
    }
  }

  public static String hostname(String raw) {
    if (raw == null || !HOSTNAME.matcher(raw).matches()) {
      throw new NotFoundException();
    }
    return raw;
  }
}
