package dev.outpost.router.access;

import dev.outpost.router.access.TokenExchange.Exchanged;
import dev.outpost.router.access.TokenExchange.Issued;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The access tokens the edge got for service tokens, so the access-service is asked once per
 * application, client id and secret, not per request: kept until {@link #REFRESH_BEFORE_EXPIRY}
 * before they expire; a refusal is kept for {@code refusalTtl} (a misconfigured client does not
 * turn every request into a call); a failure is forgotten at once. Concurrent requests share one
 * exchange in flight.
 *
 * <p>Only a token the edge has checked from memory (unrevoked, unexpired, the secret's hash) is
 * ever looked up here, on every request, so a revocation takes effect at once whatever is cached.
 *
 * <p>Thread-safe; never blocks.
 */
public final class ServiceTokenSessions {

  /** How long before its expiry a cached token is replaced. */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(30);

  /** Cache key: the secret's hash, never the secret itself. */
  record Key(UUID applicationId, String clientId, String secretHash) {}

  private record Entry(CompletableFuture<Exchanged> result, Instant started) {}

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Duration refusalTtl;
  private final Duration exchangeTimeout;
  private final int maxEntries;

  public ServiceTokenSessions(Duration refusalTtl, Duration exchangeTimeout, int maxEntries) {
    this.refusalTtl = refusalTtl;
    this.exchangeTimeout = exchangeTimeout;
    this.maxEntries = maxEntries;
  }

  /** The cached answer for {@code key}, or {@code exchange}'s, started now and cached. */
  public CompletionStage<Exchanged> get(
      Key key, Instant now, Supplier<CompletionStage<Exchanged>> exchange) {
    var created = new Entry[1];
    var entry =
        entries.compute(
            key,
            (k, held) -> {
              if (held != null && usable(held, now)) {
                return held;
              }
              created[0] = new Entry(new CompletableFuture<>(), now);
              return created[0];
            });
    if (entry == created[0]) {
      // Started outside compute: the exchange may complete at once, on this thread.
      exchange
          .get()
          .whenComplete(
              (result, failure) -> {
                if (failure != null) {
                  entries.remove(key, entry);
                  entry.result().completeExceptionally(failure);
                } else {
                  entry.result().complete(result);
                }
              });
      if (entries.size() > maxEntries) {
        entries.values().removeIf(held -> !usable(held, now));
        if (entries.size() > maxEntries) {
          entries.clear();
        }
      }
    }
    return entry.result();
  }

  int size() {
    return entries.size();
  }

  private boolean usable(Entry entry, Instant now) {
    var result = entry.result();
    if (!result.isDone()) {
      return now.isBefore(entry.started().plus(exchangeTimeout));
    }
    if (result.isCompletedExceptionally()) {
      return false;
    }
    return switch (result.join()) {
      case Issued issued -> now.isBefore(issued.expiresAt().minus(REFRESH_BEFORE_EXPIRY));
      case TokenExchange.Refused refused -> now.isBefore(entry.started().plus(refusalTtl));
    };
  }
}
