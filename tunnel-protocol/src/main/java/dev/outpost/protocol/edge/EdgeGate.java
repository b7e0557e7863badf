package dev.outpost.protocol.edge;

import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides on each public request, after its host is known to be routed and before it reaches the
 * tunnel, whether it may pass: the place where access control plugs into the edge. The router's
 * implementation evaluates the tenant's access applications; the tunnel protocol knows nothing of
 * identities.
 *
 * <p>The edge checks the gate before it looks for a live connection, so a visitor who may not pass
 * never learns whether the tunnel is up.
 */
@FunctionalInterface
public interface EdgeGate {

  /** Lets every request through: an edge without access control. */
  EdgeGate OPEN = request -> Verdict.PASSING;

  /**
   * Decides on one request. Called on the client connection's event loop: it must not block. A
   * decision that needs I/O completes the stage later, from any thread; the edge holds the
   * request's body meanwhile (reading paused).
   */
  CompletionStage<Verdict> check(Request request);

  /**
   * One public request as the edge is about to forward it.
   *
   * @param host the request's host, lower case, without port
   * @param tunnelId the tunnel that serves {@code host}
   * @param method the HTTP method
   * @param target the request target as sent ({@code /path?query}), not normalized
   * @param headers what the edge will forward: HTTP/2 style (lower-case names, pseudo-headers),
   *     hop-by-hop headers already gone. Unlike what is forwarded, it still holds the client's
   *     {@code outpost-*} headers (credentials are read from them); the edge removes those after a
   *     pass. The gate may change these headers when it lets the request pass (for example, take
   *     its session cookie out).
   * @param clientAddress the client's IP address as the edge sees it
   * @param tls whether the client reached the edge over TLS
   */
  record Request(
      String host,
      UUID tunnelId,
      String method,
      String target,
      Http2Headers headers,
      String clientAddress,
      boolean tls) {}

  /** What the gate decided. */
  sealed interface Verdict {

    /** Passes without adding anything. */
    Pass PASS = new Pass(List.of());

    /** {@link #PASS}, already completed, for gates that decide from memory. */
    CompletableFuture<Verdict> PASSING = CompletableFuture.completedFuture(PASS);
  }

  /**
   * The request goes on to the tunnel, with these headers set (replacing any of the same name), for
   * example the identity the origin should see.
   */
  record Pass(List<Map.Entry<String, String>> set) implements Verdict {
    public Pass {
      set = List.copyOf(set);
    }
  }

  /**
   * The edge answers itself and the request never reaches the tunnel: a redirect to a login, a 401,
   * a 403 page, a cookie set on the way back. {@code headers} may repeat a name ({@code
   * set-cookie}); the edge adds {@code content-length} and {@code cache-control: no-store} unless
   * given.
   */
  record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body)
      implements Verdict {
    public Answer {
      headers = List.copyOf(headers);
    }

    /**
     * The edge's own page for {@code status}: HTML when {@code accept} asks for it, RFC 9457
     * problem details otherwise, with these extra headers.
     */
    public static Answer page(
        int status,
        String title,
        String detail,
        CharSequence accept,
        List<Map.Entry<String, String>> extra) {
      var answer = EdgeAnswers.of(status, title, detail, accept);
      var headers = new ArrayList<Map.Entry<String, String>>(extra.size() + 1);
      headers.add(Map.entry("content-type", answer.contentType()));
      headers.addAll(extra);
      return new Answer(status, headers, answer.body());
    }

    /** An HTML body of the gate's own making (a 403 page with a "switch user" link). */
    public static Answer html(int status, String html, List<Map.Entry<String, String>> extra) {
      var headers = new ArrayList<Map.Entry<String, String>>(extra.size() + 1);
      headers.add(Map.entry("content-type", "text/html; charset=utf-8"));
      headers.addAll(extra);
      return new Answer(status, headers, html.getBytes(StandardCharsets.UTF_8));
    }

    /** A redirect ({@code 302} or {@code 303}) to {@code location}, with these extra headers. */
    public static Answer redirect(
        int status, String location, List<Map.Entry<String, String>> extra) {
      var headers = new ArrayList<Map.Entry<String, String>>(extra.size() + 1);
      headers.add(Map.entry("location", location));
      headers.addAll(extra);
      return new Answer(status, headers, new byte[0]);
    }
  }
}
