package dev.outpost.ingress;

import java.util.Objects;

/**
 * One problem in an ingress configuration.
 *
 * @param field where it is, in the document's own names: {@code ingress[2].hostname}, {@code
 *     originRequest.tlsTimeout}
 * @param message what is wrong and how to fix it, for the person who wrote the configuration
 */
public record Violation(String field, String message) {
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
