package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.api.support.WebhookReceiver;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The outbound call with real sockets and the system's resolver, against a receiver on loopback:
 * private destinations are refused after resolution unless allowed, redirects are not followed,
 * slow and absent receivers fail the attempt within the timeout.
 */
class WebhookClientTest {

  static final Vertx VERTX = Vertx.vertx();
  static final byte[] BODY = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);

  @AfterAll
  static void close() {
    VERTX.close().toCompletionStage().toCompletableFuture().join();
  }

  static WebhookClient client(boolean allowPrivate) {
    return new WebhookClient(VERTX, new Settings(allowPrivate, Duration.ofMillis(800)));
  }

  static WebhookClient.Attempt post(WebhookClient client, String url) {
    return client
        .post(url, Map.of("webhook-id", "msg_1"), BODY)
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedAfterResolutionUnlessAllowed() {
    try (var receiver = new WebhookReceiver()) {
      var byName = "http://localhost:" + receiver.port() + "/hook";
      var refused = post(client(false), byName);
      assertThat(refused.outcome()).isEqualTo(WebhookClient.Outcome.REFUSED);
      assertThat(refused.error()).contains("loopback").contains("public addresses only");
      assertThat(post(client(false), receiver.url("/hook")).outcome())
          .isEqualTo(WebhookClient.Outcome.REFUSED);
      assertThat(receiver.received()).isEmpty();

      receiver.answer(202, "x".repeat(1000));
      var allowed = post(client(true), byName);
      assertThat(allowed.outcome()).isEqualTo(WebhookClient.Outcome.SUCCESS);
      assertThat(allowed.statusCode()).isEqualTo(202);
      assertThat(allowed.responseExcerpt()).hasSize(WebhookClient.EXCERPT_CHARS);
      assertThat(receiver.received()).hasSize(1);
      assertThat(receiver.received().get(0).path()).isEqualTo("/hook");
      assertThat(receiver.received().get(0).body())
          .isEqualTo(new String(BODY, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() {
    try (var receiver = new WebhookReceiver()) {
      receiver.answer(302, "moved");
      var attempt = post(client(true), receiver.url("/hook"));
      assertThat(attempt.outcome()).isEqualTo(WebhookClient.Outcome.HTTP_ERROR);
      assertThat(attempt.statusCode()).isEqualTo(302);
      assertThat(attempt.error()).contains("redirects are not followed");
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void slowAbsentAndUnknownReceiversFailTheAttempt() {
    try (var receiver = new WebhookReceiver()) {
      receiver.delay(Duration.ofSeconds(3));
      var slow = post(client(true), receiver.url("/hook"));
      assertThat(slow.outcome()).isEqualTo(WebhookClient.Outcome.TIMEOUT);
      assertThat(slow.latencyMs()).isBetween(700, 2900);
      receiver.goAway();
      var away = post(client(true), receiver.url("/hook"));
      assertThat(away.outcome()).isEqualTo(WebhookClient.Outcome.CONNECTION_FAILED);
    }
    var unknown = post(client(true), "http://no-such-host.invalid/hook");
    assertThat(unknown.outcome()).isEqualTo(WebhookClient.Outcome.CONNECTION_FAILED);
    assertThat(unknown.error()).contains("does not resolve");
  }

  /** The settings a test needs; the rest as configured by default. */
  record Settings(boolean allowPrivateDestinations, Duration timeout) implements WebhookConfig {
    @Override
    public Duration retryInitial() {
      return Duration.ofSeconds(5);
    }

    @Override
    public Duration retryMax() {
      return Duration.ofHours(1);
    }

    @Override
    public Duration disableAfter() {
      return Duration.ofDays(3);
    }

    @Override
    public Duration secretGracePeriod() {
      return Duration.ofHours(24);
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofSeconds(1);
    }

    @Override
    public int maxInFlight() {
      return 4;
    }

    @Override
    public Duration lease() {
      return Duration.ofMinutes(1);
    }

    @Override
    public Duration deliveryRetention() {
      return Duration.ofDays(30);
    }
  }
}
