package dev.outpost.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/** Small helpers for HTTP/2 streams of the tunnel. */
public final class Streams {

  /** Hop-by-hop headers that never cross the tunnel (RFC 9110 section 7.6.1, RFC 9113 8.2.2). */
  private static final AsciiString[] HOP_BY_HOP = {
    AsciiString.cached("connection"),
    AsciiString.cached("keep-alive"),
    AsciiString.cached("proxy-connection"),
    AsciiString.cached("transfer-encoding"),
    AsciiString.cached("upgrade"),
    AsciiString.cached("te"),
    AsciiString.cached("trailer"),
    AsciiString.cached("host"),
    AsciiString.cached("http2-settings")
  };

  /**
   * Whether a header of this name (any case) is hop-by-hop. Compares in place: every header of
   * every request passes here, on both sides, and a lower-cased copy per header was garbage.
   */
  public static boolean isHopByHop(CharSequence name) {
    for (var hop : HOP_BY_HOP) {
      if (hop.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * On a request stream: the public client asked to switch to this protocol (HTTP/1.1 {@code
   * Upgrade}, e.g. websocket), which HTTP/2 cannot say with its own headers.
   */
  public static final String UPGRADE = "outpost-upgrade";

  /**
   * On a response: the origin switched protocols (it answered 101); from here the stream carries
   * raw bytes both ways until either side ends it.
   */
  public static final String UPGRADED = "outpost-upgraded";

  private Streams() {}

  /** Writes a whole control message (headers and JSON body) on {@code stream}. */
  public static void writeMessage(Channel stream, Http2Headers headers, byte[] body) {
    stream.write(new DefaultHttp2HeadersFrame(headers, body.length == 0));
    if (body.length > 0) {
      stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
    }
    stream.flush();
  }

  public static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers()
        .method(method)
        .path(path)
        .scheme("https")
        .authority("outpost")
        .set("content-type", "application/json");
  }

  public static Http2Headers response(int status) {
    return new DefaultHttp2Headers()
        .status(Integer.toString(status))
        .set("content-type", "application/json");
  }

  /**
   * Collects one whole message (headers, then a small body) from a stream and completes {@code
   * result}; control messages are small, so they are the one thing we buffer.
   */
  public static final class MessageCollector extends ChannelInboundHandlerAdapter {
    private static final int MAX_CONTROL_MESSAGE = 4 * 1024 * 1024;
    private final Promise<Message> result;
    private Http2Headers headers;
    private ByteBuf body = Unpooled.buffer();

    public MessageCollector(Promise<Message> result) {
      this.result = result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!take(msg)) {
        ctx.close();
      }
    }

    /**
     * Takes a frame of the message (and releases it); false when the message grew too large, and
     * the stream should be closed.
     */
    public boolean take(Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame frame) {
          headers = frame.headers();
          if (frame.isEndStream()) {
            finish();
          }
        } else if (msg instanceof Http2DataFrame frame) {
          if (body.readableBytes() + frame.content().readableBytes() > MAX_CONTROL_MESSAGE) {
            result.tryFailure(new IllegalStateException("control message too large"));
            return false;
          }
          body.writeBytes(frame.content());
          if (frame.isEndStream()) {
            finish();
          }
        }
        return true;
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void finish() {
      var bytes = new byte[body.readableBytes()];
      body.readBytes(bytes);
      body.release();
      body = Unpooled.EMPTY_BUFFER;
      result.trySuccess(new Message(headers, bytes));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      streamClosed();
    }

    /** The stream closed: a message not yet whole never will be. */
    public void streamClosed() {
      result.tryFailure(
          new IllegalStateException("the stream closed before its message was whole"));
      if (body.refCnt() > 0 && body != Unpooled.EMPTY_BUFFER) {
        body.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.tryFailure(cause);
      ctx.close();
    }
  }

  /** A whole message of a control stream. */
  public record Message(Http2Headers headers, byte[] body) {
    public int status() {
      var status = headers.status();
      return status == null ? 0 : Integer.parseInt(status.toString());
    }

    public String path() {
      var path = headers.path();
      return path == null ? "" : path.toString();
    }
  }
}
