package dev.outpost.access.web;

import dev.outpost.service.problem.ProblemException;
import java.util.UUID;

/** Identifiers in paths and query parameters. */
public final class Ids {

  private Ids() {}

  /**
   * The id in a path: a malformed one cannot name anything, so it is "not found" like any other.
   */
  public static UUID path(String value, String what) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.notFound(what + " " + value);
    }
  }

  /** An id in a query parameter or body field; null when absent, 400 when malformed. */
  public static UUID field(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(field, "'" + value + "' is not an id");
    }
  }
}
