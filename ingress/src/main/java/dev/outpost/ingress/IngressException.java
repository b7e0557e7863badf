package dev.outpost.ingress;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An ingress configuration that cannot be used, with every problem found in it: a tenant fixes them
 * all in one round rather than one per attempt.
 */
public final class IngressException extends RuntimeException {
  private final List<Violation> violations;

  public IngressException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  /** The problems in document order; never empty. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an IngressException needs at least one violation");
    }
    if (violations.size() == 1) {
      return "Invalid ingress configuration: " + violations.get(0);
    }
    return violations.stream()
        .map(v -> "  " + v)
        .collect(
            Collectors.joining(
                "\n", "Invalid ingress configuration (" + violations.size() + " problems):\n", ""));
  }
}
