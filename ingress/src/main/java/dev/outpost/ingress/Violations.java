package dev.outpost.ingress;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while a document is read, so that one pass reports all of them. */
final class Violations {
  private final List<Violation> found = new ArrayList<>();

  void add(String field, String message) {
    found.add(new Violation(field, message));
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new IngressException(found);
    }
  }
}
