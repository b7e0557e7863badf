package dev.outpost.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.router.access.TokenExchange.Exchanged;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleAndCachesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theThrottleAdmitsOncePerKeyAndWindow() {
    var throttle = new DecisionThrottle(10);
    var window = Duration.ofMinutes(5);
    assertThat(throttle.admit("a", T0, window)).isTrue();
    assertThat(throttle.admit("a", T0.plusSeconds(299), window)).isFalse();
    assertThat(throttle.admit("b", T0.plusSeconds(1), window)).isTrue();
    assertThat(throttle.admit("a", T0.plusSeconds(300), window)).isTrue();
  }

  @Test
  void theThrottleStaysBounded() {
    var throttle = new DecisionThrottle(100);
    for (int i = 0; i < 1000; i++) {
      throttle.admit(i, T0, Duration.ofMinutes(5));
    }
    assertThat(throttle.size()).isLessThanOrEqualTo(100);
  }

  private final AtomicInteger calls = new AtomicInteger();
  private final ServiceTokenSessions sessions =
      new ServiceTokenSessions(Duration.ofSeconds(10), Duration.ofSeconds(5), 1000);
  private final ServiceTokenSessions.Key key =
      new ServiceTokenSessions.Key(UUID.randomUUID(), "id.access", "hash");

  private CompletableFuture<Exchanged> issued(Instant expiresAt) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(new TokenExchange.Issued("jwt", expiresAt));
  }

  @Test
  void anIssuedTokenIsReusedUntilShortlyBeforeItExpires() {
    var expires = T0.plusSeconds(600);
    assertThat(sessions.get(key, T0, () -> issued(expires)).toCompletableFuture().join())
        .isEqualTo(new TokenExchange.Issued("jwt", expires));
    sessions.get(key, T0.plusSeconds(569), () -> issued(expires));
    assertThat(calls).hasValue(1);
    sessions.get(key, T0.plusSeconds(571), () -> issued(expires.plusSeconds(600)));
    assertThat(calls).hasValue(2);
  }

  @Test
  void concurrentRequestsShareOneExchangeInFlight() {
    var pending = new CompletableFuture<Exchanged>();
    var first = sessions.get(key, T0, () -> pending);
    var second = sessions.get(key, T0.plusSeconds(1), () -> issued(T0));
    assertThat(calls).hasValue(0);
    pending.complete(new TokenExchange.Refused("no"));
    assertThat(second.toCompletableFuture().join()).isEqualTo(first.toCompletableFuture().join());
  }

  @Test
  void aRefusalIsKeptBrieflyAndAFailureNotAtAll() {
    sessions.get(key, T0, () -> CompletableFuture.completedFuture(new TokenExchange.Refused("no")));
    sessions.get(key, T0.plusSeconds(9), () -> issued(T0.plusSeconds(600)));
    assertThat(calls).hasValue(0);
    sessions.get(key, T0.plusSeconds(10), () -> issued(T0.plusSeconds(600)));
    assertThat(calls).hasValue(1);

    var other = new ServiceTokenSessions.Key(UUID.randomUUID(), "id.access", "hash");
    var failed =
        sessions.get(
            other, T0, () -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
    sessions.get(other, T0, () -> issued(T0.plusSeconds(600)));
    assertThat(calls).hasValue(2);
  }
}
