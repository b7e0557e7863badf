package dev.outpost.api.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: exponential backoff (the first retry after {@code
 * initial}, then doubling up to {@code max}) with jitter, so receivers coming back are not hit by
 * every sender at the same second; and when a subscription that keeps failing is given up on.
 *
 * @param initial the delay before the first retry
 * @param max no delay is longer
 * @param disableAfter a subscription whose deliveries have failed for this long is disabled
 */
public record RetrySchedule(Duration initial, Duration max, Duration disableAfter) {

  /** Seconds, then minutes, then hourly retries; disabled after three days of failures. */
  public static final RetrySchedule DEFAULT =
      new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofDays(3));

  public RetrySchedule {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
  }

  /**
   * The delay before attempt {@code failedAttempts + 1}, after {@code failedAttempts} failures (1
   * or more): between half and all of the backed-off delay.
   */
  public Duration delayAfter(int failedAttempts, RandomGenerator random) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("a retry follows at least one failure");
    }
    long base = initial.toMillis();
    long cap = max.toMillis();
    long backedOff = failedAttempts > 40 ? cap : Math.min(cap, base << (failedAttempts - 1));
    long jittered = backedOff / 2 + random.nextLong(backedOff / 2 + 1);
    return Duration.ofMillis(Math.max(1, jittered));
  }

  /** Whether failures since {@code failingSince} have lasted long enough to disable. */
  public boolean givesUp(Instant failingSince, Instant now) {
    return !now.isBefore(failingSince.plus(disableAfter));
  }
}
