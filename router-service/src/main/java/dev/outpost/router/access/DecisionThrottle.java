package dev.outpost.router.access;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits one event per key per window: how the edge keeps its access log to decisions worth reading
 * at tens of thousands of requests a second (one allow per session and application every few
 * minutes, one deny per client and application every few seconds). Bounded: past {@code maxKeys}
 * the lapsed windows are dropped, and if that is not enough, all of them (which only admits a few
 * more events).
 *
 * <p>Thread-safe and lock-free per key; called on event loops.
 */
public final class DecisionThrottle {

  private final ConcurrentHashMap<Object, Instant> until = new ConcurrentHashMap<>();
  private final int maxKeys;

  public DecisionThrottle(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** Whether an event for {@code key} at {@code now} is the first in its window. */
  public boolean admit(Object key, Instant now, Duration window) {
    var held = until.get(key);
    if (held != null && now.isBefore(held)) {
      return false; // the common case, read without a lock: one session, many requests
    }
    var admitted = new boolean[1];
    until.compute(
        key,
        (k, end) -> {
          if (end != null && now.isBefore(end)) {
            return end;
          }
          admitted[0] = true;
          return now.plus(window);
        });
    if (admitted[0] && until.size() > maxKeys) {
      until.values().removeIf(end -> !now.isBefore(end));
      if (until.size() > maxKeys) {
        until.clear();
      }
    }
    return admitted[0];
  }

  int size() {
    return until.size();
  }
}
