package dev.outpost.router.access;

import dev.outpost.access.token.AccessIdentity;
import dev.outpost.access.token.AccessTokenVerifier;
import dev.outpost.access.token.AccessTokens;
import dev.outpost.access.token.Verification;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens already verified, so a session's ES256 signature is checked once, not on each of
 * its requests. An entry holds for the verifier instance it was checked with (a retired key makes a
 * new verifier, and every entry is checked again) and for one audience; expiry is checked on every
 * use. Bounded: cleared when it grows past {@code maxEntries}.
 *
 * <p>Thread-safe; never blocks.
 */
public final class VerifiedTokens {

  private record Entry(AccessTokenVerifier verifier, String audience, AccessIdentity identity) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  public VerifiedTokens(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** What {@code verifier} says of {@code token} for {@code audience} at {@code now}. */
  public Verification verify(
      AccessTokenVerifier verifier, String token, String audience, Instant now) {
    var held = entries.get(token);
    if (held != null
        && held.verifier() == verifier
        && held.audience().equals(audience)
        && !now.isAfter(held.identity().expiresAt().plus(AccessTokens.CLOCK_SKEW))) {
      return new Verification.Verified(held.identity());
    }
    var verification = verifier.verify(token, audience, now);
    if (verification instanceof Verification.Verified verified) {
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
      entries.put(token, new Entry(verifier, audience, verified.identity()));
    }
    return verification;
  }
}
