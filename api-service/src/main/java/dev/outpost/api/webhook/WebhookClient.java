package dev.outpost.api.webhook;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * POSTs one webhook attempt. The destination's name is resolved first (on a worker thread: the JDK
 * resolver blocks), every address it resolves to must pass the {@link DestinationGuard}, and the
 * connection goes to the address that was checked, never to a second resolution of the name (which
 * could answer differently: DNS rebinding). Redirects are not followed: a 3xx is a failed attempt.
 * The whole attempt is bounded by {@code outpost.webhooks.timeout}; only the first {@link
 * #EXCERPT_CHARS} characters of the answer are kept. Never blocks an event loop.
 */
@ApplicationScoped
public class WebhookClient {

  /** How much of a receiver's answer the delivery log keeps. */
  static final int EXCERPT_CHARS = 256;

  /** How an attempt ended, as the delivery log names it. */
  public enum Outcome {
    SUCCESS("success"),
    HTTP_ERROR("http-error"),
    TIMEOUT("timeout"),
    CONNECTION_FAILED("connection-failed"),
    REFUSED("refused");

    final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }
  }

  /** One attempt's result. */
  public record Attempt(
      Outcome outcome, Integer statusCode, int latencyMs, String responseExcerpt, String error) {
    public boolean succeeded() {
      return outcome == Outcome.SUCCESS;
    }
  }

  private final HttpClient http;
  private final DestinationGuard guard;
  private final Duration timeout;

  WebhookClient(Vertx vertx, WebhookConfig config) {
    this.guard = new DestinationGuard(config.allowPrivateDestinations());
    this.timeout = config.timeout();
    // The request goes to the address the guard approved, while TLS checks the certificate
    // against the URL's host name (SNI and host verification), so a name cannot be re-pointed
    // between the check and the call.
    var options =
        new HttpClientOptions()
            .setForceSni(true)
            .setVerifyHost(true)
            .setMaxPoolSize(Math.max(1, config.maxInFlight()))
            .setKeepAliveTimeout(30)
            .setConnectTimeout((int) timeout.toMillis());
    config
        .trustedCertificates()
        .ifPresent(
            pem -> options.setTrustOptions(new PemTrustOptions().addCertPath(pem.toString())));
    this.http = vertx.createHttpClient(options);
  }

  @PreDestroy
  void close() {
    http.close();
  }

  /**
   * Sends {@code body} to {@code url} with {@code headers}; never fails, the result says how.
   * Called on a Vert.x context, the result arrives on that context.
   */
  public Uni<Attempt> post(String url, Map<String, String> headers, byte[] body) {
    long started = System.nanoTime();
    var context = Vertx.currentContext();
    Executor caller =
        context == null
            ? Infrastructure.getDefaultExecutor()
            : task -> context.runOnContext(ignored -> task.run());
    URI target;
    try {
      target = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().item(failed(Outcome.REFUSED, started, "not a URL"));
    }
    boolean tls = "https".equalsIgnoreCase(target.getScheme());
    int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
    return resolve(target.getHost(), caller)
        .flatMap(
            addresses -> {
              for (var address : addresses) {
                var refusal = guard.refusal(address);
                if (refusal.isPresent()) {
                  return Uni.createFrom().item(failed(Outcome.REFUSED, started, refusal.get()));
                }
              }
              var options =
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setServer(
                          SocketAddress.inetSocketAddress(
                              new InetSocketAddress(addresses[0], port)))
                      .setHost(target.getHost())
                      .setPort(port)
                      .setSsl(tls)
                      .setURI(pathAndQuery(target))
                      .setFollowRedirects(false)
                      .setConnectTimeout(timeout.toMillis())
                      .setIdleTimeout(timeout.toMillis());
              headers.forEach(options::putHeader);
              return exchange(options, body, started);
            })
        .onFailure()
        .recoverWithItem(
            failure ->
                failed(
                    Outcome.CONNECTION_FAILED,
                    started,
                    failure instanceof UnknownHostException
                        ? "the name " + target.getHost() + " does not resolve"
                        : describe(failure)))
        .emitOn(caller);
  }

  /** The name's addresses, looked up on a worker thread, handed back on the caller's context. */
  private static Uni<InetAddress[]> resolve(String host, Executor caller) {
    return Uni.createFrom()
        .item(
            () -> {
              try {
                return InetAddress.getAllByName(host);
              } catch (UnknownHostException e) {
                throw new CompletionException(e);
              }
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure(CompletionException.class)
        .transform(Throwable::getCause)
        .emitOn(caller);
  }

  private Uni<Attempt> exchange(RequestOptions options, byte[] body, long started) {
    var request = new AtomicReference<HttpClientRequest>();
    var answer = new CompletableFuture<Attempt>();
    http.request(options)
        .compose(
            sent -> {
              request.set(sent);
              return sent.send(Buffer.buffer(body));
            })
        .onSuccess(response -> readExcerpt(response, started, answer))
        .onFailure(
            failure ->
                answer.complete(
                    failed(
                        failure instanceof TimeoutException
                                || failure instanceof ConnectTimeoutException
                            ? Outcome.TIMEOUT
                            : Outcome.CONNECTION_FAILED,
                        started,
                        describe(failure))));
    return Uni.createFrom()
        .completionStage(answer)
        .ifNoItem()
        .after(timeout)
        .recoverWithItem(
            () -> {
              if (request.get() != null) {
                request.get().reset();
              }
              return failed(
                  Outcome.TIMEOUT,
                  started,
                  "no complete answer within " + timeout.toMillis() + " ms");
            });
  }

  private static void readExcerpt(
      HttpClientResponse response, long started, CompletableFuture<Attempt> answer) {
    var excerpt = Buffer.buffer();
    response.handler(
        chunk -> {
          int room = EXCERPT_CHARS * 4 - excerpt.length();
          if (room > 0) {
            excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
          }
        });
    response.exceptionHandler(
        failure -> answer.complete(failed(Outcome.CONNECTION_FAILED, started, describe(failure))));
    response.endHandler(
        ended -> {
          int status = response.statusCode();
          var text = new String(excerpt.getBytes(), StandardCharsets.UTF_8);
          var kept = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) : text;
          boolean ok = status >= 200 && status < 300;
          answer.complete(
              new Attempt(
                  ok ? Outcome.SUCCESS : Outcome.HTTP_ERROR,
                  status,
                  elapsedMs(started),
                  kept,
                  ok
                      ? null
                      : status >= 300 && status < 400
                          ? "redirects are not followed"
                          : "the receiver answered " + status));
        });
  }

  private static String pathAndQuery(URI target) {
    var path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
  }

  private static Attempt failed(Outcome outcome, long started, String error) {
    return new Attempt(outcome, null, elapsedMs(started), null, error);
  }

  private static int elapsedMs(long started) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * What went wrong, for the tenant reading the delivery log: a TLS failure names its real cause
   * (Netty's own message is only "Failed to create SSL connection").
   */
  static String describe(Throwable failure) {
    Throwable deepest = failure;
    boolean tls = false;
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertPathBuilderException
          || cause instanceof CertPathValidatorException) {
        return "the receiver's certificate is not from a trusted certificate authority";
      }
      tls |= cause instanceof SSLException;
      deepest = cause;
    }
    var message = deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
    if (tls && message.contains("subject alternative")) {
      return "the receiver's certificate is not for its host name: " + message;
    }
    return tls ? "TLS with the receiver failed: " + message : message;
  }
}
