package dev.outpost.access.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An application or policy that cannot be used, with every problem found in it: a tenant fixes them
 * all in one round rather than one per attempt.
 */
public final class AccessPolicyException extends RuntimeException {
  private final List<Violation> violations;

  public AccessPolicyException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  /** The problems in document order; never empty. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an AccessPolicyException needs at least one violation");
    }
    if (violations.size() == 1) {
      return "Invalid access application: " + violations.get(0);
    }
    return violations.stream()
        .map(v -> "  " + v)
        .collect(
            Collectors.joining(
                "\n", "Invalid access application (" + violations.size() + " problems):\n", ""));
  }
}
