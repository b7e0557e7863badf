package dev.outpost.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.outpost.api.support.WebhookReceiver;
import dev.outpost.protocol.EdgeCertificates;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbound call with real sockets and the system's resolver, against a receiver on loopback:
 * private destinations are refused after resolution unless allowed, redirects are not followed,
 * slow and absent receivers fail the attempt within the timeout, an HTTPS receiver's certificate is
 * checked against its name and the trusted authorities.
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

  @Test
  void anHttpsReceiverMustShowACertificateForItsNameFromATrustedAuthority(@TempDir Path dir)
      throws Exception {
    var ca = EdgeCertificates.inFolder(dir);
    var forLocalhost = dir.resolve("localhost.p12");
    ca.issue(forLocalhost, List.of("localhost"));
    var forAnotherName = dir.resolve("other.p12");
    ca.issue(forAnotherName, List.of("receiver.other.example"));
    var trusting =
        new WebhookClient(
            VERTX, new Settings(true, Duration.ofSeconds(2), Optional.of(ca.caPem())));

    var server = httpsReceiver(forLocalhost);
    try {
      var url = "https://localhost:" + server.getAddress().getPort() + "/hook";
      var publicCasOnly = post(client(true), url);
      assertThat(publicCasOnly.outcome()).isEqualTo(WebhookClient.Outcome.CONNECTION_FAILED);
      assertThat(publicCasOnly.error())
          .isEqualTo("the receiver's certificate is not from a trusted certificate authority");

      var trusted = post(trusting, url);
      assertThat(trusted.outcome()).as(trusted.error()).isEqualTo(WebhookClient.Outcome.SUCCESS);
      assertThat(trusted.statusCode()).isEqualTo(204);
    } finally {
      server.stop(0);
    }

    server = httpsReceiver(forAnotherName);
    try {
      var url = "https://localhost:" + server.getAddress().getPort() + "/hook";
      var wrongName = post(trusting, url);
      assertThat(wrongName.outcome()).isEqualTo(WebhookClient.Outcome.CONNECTION_FAILED);
      assertThat(wrongName.error())
          .startsWith("the receiver's certificate is not for its host name")
          .contains("localhost");
    } finally {
      server.stop(0);
    }
  }

  /** An HTTPS receiver on loopback with the certificate in {@code keyStore}; answers 204. */
  private static HttpsServer httpsReceiver(Path keyStore) throws Exception {
    var keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keyStore)) {
      keys.load(in, EdgeCertificates.PASSWORD.toCharArray());
    }
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, EdgeCertificates.PASSWORD.toCharArray());
    var tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);
    var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** The settings a test needs; the rest as configured by default. */
  record Settings(
      boolean allowPrivateDestinations, Duration timeout, Optional<Path> trustedCertificates)
      implements WebhookConfig {

    Settings(boolean allowPrivateDestinations, Duration timeout) {
      this(allowPrivateDestinations, timeout, Optional.empty());
    }

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
