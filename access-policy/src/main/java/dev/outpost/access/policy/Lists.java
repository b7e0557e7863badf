package dev.outpost.access.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Immutable copies for the wire records, which must hold whatever a document said, nulls too. */
final class Lists {
  private Lists() {}

  /** An unmodifiable copy; null becomes empty, null elements stay for validation to report. */
  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
