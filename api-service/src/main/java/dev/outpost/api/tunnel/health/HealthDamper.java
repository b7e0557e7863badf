package dev.outpost.api.tunnel.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps brief reconnects and a connector's start-up from turning into a storm of status changes,
 * without hiding a real outage for long.
 *
 * <ul>
 *   <li>{@code healthy} is announced at once: it is the best news, and nothing follows it while the
 *       connections stay up.
 *   <li>Any other status ({@code degraded}, {@code down}) is announced once it has lasted {@code
 *       hold}: a connection that drops and comes back within it is never announced, and a connector
 *       that is still opening its connections goes straight from {@code down} or {@code inactive}
 *       to {@code healthy}, without a {@code degraded} in between.
 *   <li>A tunnel that keeps alternating between statuses other than the announced one (degraded,
 *       down, degraded, ... each shorter than the hold) has its current status announced once it
 *       has been away from the announced one for twice the hold, so a flapping tunnel cannot keep
 *       its last good status forever.
 * </ul>
 *
 * <p>Pure and single-threaded: one per tunnel, fed with each newly derived status and asked, on a
 * timer, whether a held change has matured.
 */
public final class HealthDamper {

  /** A status change to announce. */
  public record Change(TunnelHealth from, TunnelHealth to, Instant at) {}

  private final Duration hold;
  private TunnelHealth announced;
  private TunnelHealth held;
  private Instant heldSince;
  private Instant departedAt;

  public HealthDamper(TunnelHealth announced, Duration hold) {
    this.announced = announced;
    this.hold = hold;
  }

  /** The status derived from the connections just now. */
  public Optional<Change> observe(TunnelHealth derived, Instant now) {
    if (derived == announced) {
      held = null; // a flap that healed within the hold: nothing to say
      departedAt = null;
      return Optional.empty();
    }
    if (derived == TunnelHealth.HEALTHY) {
      return announce(derived, now);
    }
    if (departedAt == null) {
      departedAt = now;
    }
    if (held != derived) {
      held = derived;
      heldSince = now;
    }
    return due(now);
  }

  /** A held change that has now lasted long enough, if any. */
  public Optional<Change> due(Instant now) {
    var at = nextDue();
    if (at.isEmpty() || now.isBefore(at.get())) {
      return Optional.empty();
    }
    return announce(held, now);
  }

  /** When {@link #due} will have something to say, for the caller's timer. */
  public Optional<Instant> nextDue() {
    if (held == null) {
      return Optional.empty();
    }
    var ownHold = heldSince.plus(hold);
    var longestAway = departedAt.plus(hold.multipliedBy(2));
    return Optional.of(ownHold.isBefore(longestAway) ? ownHold : longestAway);
  }

  public TunnelHealth announced() {
    return announced;
  }

  private Optional<Change> announce(TunnelHealth next, Instant now) {
    var change = new Change(announced, next, now);
    announced = next;
    held = null;
    departedAt = null;
    return Optional.of(change);
  }
}
