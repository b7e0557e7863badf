package dev.outpost.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tenant's webhook receiver on loopback, as a tenant would write one: it checks the Standard
 * Webhooks signature with its own code (not the platform's signer), records what it got, and
 * answers with the status it is told to. It can go away (connections refused) and come back on the
 * same port. Plain JDK, so the system tests use it too. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** How far a {@code webhook-timestamp} may be from now (the Standard Webhooks default). */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** One request as it arrived. */
  public record Received(
      Instant at,
      String path,
      String id,
      String timestamp,
      String signature,
      String contentType,
      String body,
      boolean verified,
      int answered) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final int port;
  private final int threads;
  private volatile List<String> secrets = List.of();
  private volatile int status = 204;
  private volatile String answer = "";
  private volatile long delayMillis;
  private HttpServer server;

  public WebhookReceiver() {
    this(4);
  }

  /**
   * A receiver on a free port that handles {@code threads} requests at a time (1: one after the
   * other, as a slow single-threaded receiver would).
   */
  public WebhookReceiver(int threads) {
    this.threads = threads;
    start(0);
    this.port = server.getAddress().getPort();
  }

  private synchronized void start(int onPort) {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(threads));
    server.start();
  }

  /** The URL of {@code path} on this receiver, by loopback address. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public int port() {
    return port;
  }

  /** The first secret trusted. */
  public String secret() {
    return secrets.isEmpty() ? null : secrets.get(0);
  }

  /** The secrets signatures are checked against (any one of them must match). */
  public WebhookReceiver trust(String... secrets) {
    this.secrets = List.of(secrets);
    return this;
  }

  /** From now on, answers {@code status} with {@code body}. */
  public WebhookReceiver answer(int status, String body) {
    this.status = status;
    this.answer = body;
    return this;
  }

  /** From now on, answers only after {@code delay} (a slow receiver). */
  public WebhookReceiver delay(Duration delay) {
    this.delayMillis = delay.toMillis();
    return this;
  }

  /** Goes away: connections to the port are refused until {@link #comeBack}. */
  public synchronized void goAway() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  public synchronized void comeBack() {
    start(port);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** What arrived whose body contains {@code text}. */
  public List<Received> containing(String text) {
    return received.stream().filter(r -> r.body().contains(text)).toList();
  }

  /** Waits until {@code count} requests matching {@code which} arrived; returns them. */
  public List<Received> await(Predicate<Received> which, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var matching = received.stream().filter(which).toList();
      if (matching.size() >= count) {
        return matching;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected "
                + count
                + " matching webhook requests within "
                + timeout
                + ", got "
                + matching.size()
                + " of "
                + received.size()
                + ": "
                + bodies());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private List<String> bodies() {
    var bodies = new ArrayList<String>();
    received.forEach(r -> bodies.add(r.body()));
    return bodies;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var body = exchange.getRequestBody().readAllBytes();
      var headers = exchange.getRequestHeaders();
      var id = headers.getFirst("webhook-id");
      var timestamp = headers.getFirst("webhook-timestamp");
      var signature = headers.getFirst("webhook-signature");
      boolean verified = false;
      for (var secret : secrets) {
        verified |= verify(secret, id, timestamp, body, signature, Instant.now());
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      int code = status;
      received.add(
          new Received(
              Instant.now(),
              exchange.getRequestURI().getPath(),
              id,
              timestamp,
              signature,
              headers.getFirst("content-type"),
              new String(body, StandardCharsets.UTF_8),
              verified,
              code));
      var answerBytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(
          code, code == 204 || answerBytes.length == 0 ? -1 : answerBytes.length);
      if (code != 204 && answerBytes.length > 0) {
        exchange.getResponseBody().write(answerBytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The receiver's own check of a Standard Webhooks signature: HMAC-SHA256, keyed with the base64
   * bytes after {@code whsec_}, over {@code id.timestamp.body}; the header lists {@code
   * v1,<base64>} signatures separated by spaces, any of which may match; the timestamp must be
   * recent.
   */
  public static boolean verify(
      String secret, String id, String timestamp, byte[] body, String header, Instant now) {
    if (secret == null || id == null || timestamp == null || header == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return false;
    }
    byte[] expected;
    try {
      var key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      expected = mac.doFinal(body);
    } catch (Exception e) {
      return false;
    }
    for (var part : header.split(" ")) {
      var comma = part.indexOf(',');
      if (comma < 0 || !part.substring(0, comma).equals("v1")) {
        continue;
      }
      try {
        if (MessageDigest.isEqual(
            expected, Base64.getDecoder().decode(part.substring(comma + 1)))) {
          return true;
        }
      } catch (IllegalArgumentException notBase64) {
        // another signature may match
      }
    }
    return false;
  }

  @Override
  public synchronized void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
