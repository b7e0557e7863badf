package dev.outpost.connector.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * One byte stream carried to a TCP service through the edge: a WebSocket to the service's hostname
 * (the client half of what the connector serves for {@code tcp://} and {@code ssh://} rules),
 * binary messages both ways. It runs on the calling (virtual) thread, blocking: a command-line
 * client with one stream per connection needs no event loop, and blocking on each message is the
 * backpressure.
 */
final class WebSocketBridge {

  static {
    // The edge routes by Host: with --edge-url pointing at an address, Host is still the hostname.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  /** Where the service is and how to present ourselves to the edge. */
  record Target(String hostname, URI edge, SSLContext tls, String clientId, String clientSecret) {

    URI webSocketUri() {
      boolean secure = edge.getScheme().equals("https");
      var authority = edge.getHost() + (edge.getPort() > 0 ? ":" + edge.getPort() : "");
      return URI.create((secure ? "wss://" : "ws://") + authority + "/");
    }

    String hostHeader() {
      return edge.getPort() > 0 ? hostname + ":" + edge.getPort() : hostname;
    }
  }

  private final HttpClient http;
  private final Target target;

  WebSocketBridge(Target target) {
    this.target = target;
    var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (target.tls() != null) {
      builder.sslContext(target.tls());
    }
    this.http = builder.build();
  }

  /**
   * Carries {@code in} to the service and the service's bytes to {@code out} until either side
   * ends; {@code remoteClosed} runs when the service's side ends first (to end {@code in}'s reads).
   */
  void carry(InputStream in, OutputStream out, Runnable remoteClosed) throws IOException {
    var closed = new CompletableFuture<Void>();
    closed.thenRun(remoteClosed);
    var webSocket = connect(new ToOutput(out, closed));
    try {
      var buffer = new byte[64 * 1024];
      for (int read; !closed.isDone() && (read = in.read(buffer)) > 0; ) {
        webSocket.sendBinary(ByteBuffer.wrap(buffer, 0, read).asReadOnlyBuffer(), true).join();
      }
      if (!webSocket.isOutputClosed()) {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
      }
      closed.get(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // our side ended abruptly (the local connection was reset, or closed because the service's
      // side ended): nothing more to carry
      webSocket.abort();
    } catch (CompletionException | ExecutionException | TimeoutException e) {
      webSocket.abort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      webSocket.abort();
    }
  }

  private WebSocket connect(WebSocket.Listener listener) throws IOException {
    var builder = http.newWebSocketBuilder().header("Host", target.hostHeader());
    if (target.clientId() != null && !target.clientId().isBlank()) {
      builder.header("Outpost-Access-Client-Id", target.clientId());
      builder.header("Outpost-Access-Client-Secret", target.clientSecret());
    }
    try {
      return builder.buildAsync(target.webSocketUri(), listener).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        var status = refused.getResponse().statusCode();
        throw new IOException(
            "the edge answered "
                + status
                + " for "
                + target.hostname()
                + switch (status) {
                  case 401, 403 ->
                      ": access is refused; a protected service needs --service-token-id and"
                          + " --service-token-secret";
                  case 404 -> ": no tunnel serves this hostname";
                  case 502 -> ": the tunnel is down";
                  default -> "";
                });
      }
      throw new IOException(
          "cannot reach the edge at " + target.edge() + ": " + e.getCause().getMessage(), e);
    }
  }

  /** The service's bytes to the output, one message at a time. */
  private static final class ToOutput implements WebSocket.Listener {
    private final OutputStream out;
    private final CompletableFuture<Void> closed;

    ToOutput(OutputStream out, CompletableFuture<Void> closed) {
      this.out = out;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      try {
        var bytes = new byte[data.remaining()];
        data.get(bytes);
        out.write(bytes);
        if (last) {
          out.flush();
        }
        webSocket.request(1);
      } catch (IOException e) {
        closed.complete(null);
        webSocket.abort();
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(null);
    }
  }
}
