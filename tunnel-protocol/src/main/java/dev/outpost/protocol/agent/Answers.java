package dev.outpost.protocol.agent;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/** Answers the connector gives itself, with no origin: {@code http_status}, errors, hello. */
final class Answers {

  private Answers() {}

  /** A plain-text answer. */
  static OriginExchange respond(EdgeStream stream, ProxyMetrics metrics, int status, String body) {
    return respond(stream, metrics, status, "text/plain; charset=utf-8", body);
  }

  /** A whole answer made here; request frames that still come are dropped. */
  static OriginExchange respond(
      EdgeStream stream, ProxyMetrics metrics, int status, String type, String body) {
    metrics.answered(status);
    var headers = new DefaultHttp2Headers().status(Integer.toString(status));
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      headers.set("content-type", type);
    }
    headers.setInt("content-length", bytes.length);
    stream.write(new DefaultHttp2HeadersFrame(headers, bytes.length == 0));
    if (bytes.length > 0) {
      stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), true));
    }
    stream.flush();
    return DROP_REQUEST;
  }

  /** What serves a stream already answered: the request's frames that still come are dropped. */
  private static final OriginExchange DROP_REQUEST = ReferenceCountUtil::release;
}
