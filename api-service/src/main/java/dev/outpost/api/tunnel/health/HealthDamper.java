package dev.outpost.api.tunnel.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a connector's brief reconnects from turning into a storm of status changes, without hiding
 * a real outage for long: a change for the better is announced at once; a change for the worse only
 * once it has lasted {@code hold} (a connection that drops and comes back within it is never
 * announced). Pure and single-threaded: one per tunnel, fed with each newly derived status and
 * asked, on a timer, whether a held change has matured.
 */
public final class HealthDamper {

  /** A status change to announce. */
  public record Change(TunnelHealth from, TunnelHealth to, Instant at) {}

  private final Duration hold;
  private TunnelHealth announced;
  private TunnelHealth held;
  private Instant heldSince;

  public HealthDamper(TunnelHealth announced, Duration hold) {
    this.announced = announced;
    this.hold = hold;
  }

  /** The status derived from the connections just now. */
  public Optional<Change> observe(TunnelHealth derived, Instant now) {
    if (derived == announced) {
      held = null; // a flap that healed within the hold: nothing to say
      return Optional.empty();
    }
    if (!announced.worsensTo(derived)) {
      return announce(derived, now);
    }
    if (held != derived) {
      held = derived;
      heldSince = now;
    }
    return due(now);
  }

  /** A held change for the worse that has now lasted {@code hold}, if any. */
  public Optional<Change> due(Instant now) {
    if (held == null || now.isBefore(heldSince.plus(hold))) {
      return Optional.empty();
    }
    return announce(held, now);
  }

  /** When {@link #due} will have something to say, for the caller's timer. */
  public Optional<Instant> nextDue() {
    return held == null ? Optional.empty() : Optional.of(heldSince.plus(hold));
  }

  public TunnelHealth announced() {
    return announced;
  }

  private Optional<Change> announce(TunnelHealth next, Instant now) {
    var change = new Change(announced, next, now);
    announced = next;
    held = null;
    return Optional.of(change);
  }
}
