package dev.outpost.api.web;

import dev.outpost.service.problem.ProblemException;
import dev.outpost.service.web.Page;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The position after a row in a list ordered by (createdAt, id), inside a {@link Page} cursor. */
public record TimeIdCursor(OffsetDateTime createdAt, UUID id) {

  /** The key {@link Page#of} encodes into the next cursor. */
  public static String key(OffsetDateTime createdAt, UUID id) {
    return createdAt + "|" + id;
  }

  /** The position in {@code cursor}, or null without one; 400 for a cursor we did not issue. */
  public static TimeIdCursor decode(String cursor) {
    var key = Page.decode(cursor);
    if (key == null) {
      return null;
    }
    var parts = key.split("\\|");
    try {
      return new TimeIdCursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw ProblemException.invalid("cursor", "not a cursor this API issued");
    }
  }
}
