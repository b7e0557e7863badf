package dev.outpost.protocol.edge;

import dev.outpost.protocol.Streams;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What the edge adds to every request it forwards, so the origin knows who asked and how. */
final class ForwardedHeaders {

  private static final String OURS = "outpost-";

  private ForwardedHeaders() {}

  /**
   * Adds X-Forwarded-For (the client appended to what it sent), -Proto and -Host, and a request id
   * unless the client sent one.
   */
  static void add(Http2Headers headers, String client, boolean tls, CharSequence host) {
    var forwardedFor = headers.get("x-forwarded-for");
    headers.set("x-forwarded-for", forwardedFor == null ? client : forwardedFor + ", " + client);
    headers.set("x-forwarded-proto", tls ? "https" : "http");
    headers.set("x-forwarded-host", host);
    if (!headers.contains("x-request-id")) {
      headers.set("x-request-id", requestId().toString());
    }
  }

  /**
   * A random (version 4) UUID from the thread's fast generator: a request id only has to be unique,
   * not unguessable, and {@link UUID#randomUUID()} draws on the shared SecureRandom per request.
   */
  static UUID requestId() {
    var random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  /** Whether {@code name} (lower case) may cross the tunnel. */
  static boolean passes(CharSequence name) {
    return !Streams.isHopByHop(name) && !isOurs(name);
  }

  /** Whether {@code name} (lower case) belongs to the edge, never to be taken from a client. */
  static boolean isOurs(CharSequence name) {
    return name.length() > 8 && AsciiString.regionMatches(name, false, 0, OURS, 0, OURS.length());
  }

  /**
   * After the gate let a request pass: the client's own {@code outpost-*} headers go (the gate has
   * read the credentials in them; an origin must never trust one the client made up), then the
   * gate's headers are set.
   */
  static void afterPass(Http2Headers headers, boolean clientSentOurs, EdgeGate.Pass pass) {
    if (clientSentOurs) {
      var ours = new java.util.ArrayList<CharSequence>();
      for (var header : headers) {
        if (isOurs(header.getKey())) {
          ours.add(header.getKey());
        }
      }
      ours.forEach(headers::remove);
    }
    for (var header : pass.set()) {
      headers.set(header.getKey(), header.getValue());
    }
  }
}
