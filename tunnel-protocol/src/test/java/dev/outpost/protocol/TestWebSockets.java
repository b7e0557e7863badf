package dev.outpost.protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The public side of a WebSocket through the edge, as a browser would open one. */
final class TestWebSockets {

  private TestWebSockets() {}

  /**
   * Opens {@code ws://127.0.0.1:port/path} with {@code Host: host}; each text message it receives
   * goes into {@code received}.
   */
  static WebSocket openText(
      HttpClient http, int port, String host, String path, Queue<String> received)
      throws Exception {
    return http.newWebSocketBuilder()
        .header("Host", host)
        .buildAsync(
            URI.create("ws://127.0.0.1:" + port + path),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.add(data.toString());
                socket.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
  }
}
