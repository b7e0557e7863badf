package dev.outpost.access.policy;

import java.util.Objects;

/**
 * One problem in an application or policy.
 *
 * @param field where it is, in the JSON's own names: {@code hostname}, {@code
 *     policies[1].include[0]}; "" for the document as a whole
 * @param message what is wrong and how to fix it, for the person who wrote it
 */
public record Violation(String field, String message) {
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
