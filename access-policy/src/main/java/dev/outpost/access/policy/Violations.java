package dev.outpost.access.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while a document is read, so that one pass reports all of them. */
final class Violations {
  private final List<Violation> found = new ArrayList<>();

  void add(String field, String message) {
    found.add(new Violation(field, message));
  }

  int size() {
    return found.size();
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  List<Violation> list() {
    return List.copyOf(found);
  }
}
