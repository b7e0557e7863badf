package dev.outpost.service.web;

import dev.outpost.service.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list. {@code nextCursor} is opaque to clients: pass it back as {@code cursor} for
 * the next page; it is absent on the last page. Repositories fetch one row more than the page size
 * to know whether another page exists.
 */
public record Page<T>(List<T> items, String nextCursor) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 200;

  /** The page size asked for, checked. */
  public static int size(Integer limit) {
    if (limit == null) {
      return DEFAULT_SIZE;
    }
    if (limit < 1 || limit > MAX_SIZE) {
      throw ProblemException.invalid("limit", "must be between 1 and " + MAX_SIZE);
    }
    return limit;
  }

  /** Builds the page from {@code fetched} (up to size + 1 rows) and the key of its last item. */
  public static <T> Page<T> of(List<T> fetched, int size, Function<T, String> cursorOf) {
    if (fetched.size() <= size) {
      return new Page<>(fetched, null);
    }
    var items = fetched.subList(0, size);
    return new Page<>(List.copyOf(items), encode(cursorOf.apply(items.get(size - 1))));
  }

  public static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The key inside a cursor, or null without one; 400 for a cursor we did not issue. */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("cursor", "not a cursor this API issued");
    }
  }

  public static Long numericCursor(String cursor) {
    var key = decode(cursor);
    if (key == null) {
      return null;
    }
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw ProblemException.invalid("cursor", "not a cursor this API issued");
    }
  }
}
