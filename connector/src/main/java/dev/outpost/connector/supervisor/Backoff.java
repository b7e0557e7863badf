package dev.outpost.connector.supervisor;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential backoff: the n-th retry waits a random time between half and all of {@code
 * min(max, base * 2^n)}, so a fleet of connectors that lost the same router does not reconnect in
 * lockstep. The randomness is injected so tests need not sleep or guess.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max");
    }
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    long ceiling = base.toMillis();
    for (int i = 0; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (ceiling - half)));
  }
}
