package dev.outpost.protocol.agent;

import dev.outpost.ingress.IngressRule;
import dev.outpost.ingress.OriginService;
import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Streams;
import dev.outpost.protocol.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * A TCP service ({@code tcp://}, {@code ssh://}, {@code rdp://}) carried over a WebSocket, as
 * cloudflared does: the client ({@code connector access tcp}, or any WebSocket client) upgrades a
 * request to the service's hostname; the connector connects to the origin, accepts the WebSocket
 * itself, and from then on binary messages carry the byte stream both ways. Each side pauses
 * reading while the other cannot take more. Event-loop confined (the stream's loop, which also runs
 * the origin connection).
 *
 * <p>The client's WebSocket frames are decoded from the stream's DATA, and ours encoded into it, by
 * Netty's WebSocket codec in a channel of its own ({@link #websocket}): the stream has no pipeline.
 */
final class TcpOriginExchange implements OriginExchange {

  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final EdgeStream stream;
  private final ProxyMetrics metrics;
  private final ArrayDeque<Http2DataFrame> early = new ArrayDeque<>();
  private EmbeddedChannel websocket;
  private Channel origin;
  private boolean closed;

  /**
   * Answers {@code request} itself when it is no WebSocket (a TCP service has no HTTP to offer),
   * else connects to the origin and accepts the WebSocket.
   */
  static OriginExchange open(
      EdgeStream stream,
      Http2HeadersFrame request,
      OriginService.Tcp service,
      IngressRule rule,
      OriginPool pool,
      ProxyMetrics metrics) {
    var headers = request.headers();
    var key = headers.get("sec-websocket-key");
    var upgrade = headers.get(Streams.UPGRADE);
    if (upgrade == null || !"websocket".contentEquals(upgrade) || key == null) {
      return Answers.respond(
          stream,
          metrics,
          400,
          service
              + " is a TCP service, carried over WebSocket: connect with `connector access tcp"
              + " --hostname HOST --url localhost:PORT` (or `connector access ssh` for ssh).\n");
    }
    return new TcpOriginExchange(stream, service, rule, pool, metrics, key.toString());
  }

  private TcpOriginExchange(
      EdgeStream stream,
      OriginService.Tcp service,
      IngressRule rule,
      OriginPool pool,
      ProxyMetrics metrics,
      String key) {
    this.stream = stream;
    this.metrics = metrics;
    var timeout = rule.originRequest().connectTimeout();
    var loop = stream.eventLoop();
    stream.reading(false);
    new Bootstrap()
        .group(loop)
        .channel(Transport.socketChannel(loop))
        .resolver(pool.resolver(loop))
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS,
            timeout == null ? 30_000 : (int) Math.max(1, timeout.toMillis()))
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
        .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
        .handler(new FromOrigin())
        .connect(InetSocketAddress.createUnresolved(service.host(), service.port()))
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                var timedOut = connected.cause() instanceof ConnectTimeoutException;
                Answers.respond(
                    stream,
                    metrics,
                    timedOut ? 504 : 502,
                    (timedOut
                            ? "the origin did not answer in time: "
                            : "the origin is unreachable: ")
                        + service
                        + "\n");
                return;
              }
              origin = ((io.netty.channel.ChannelFuture) connected).channel();
              accept(key);
            });
  }

  /** The origin is there: the stream becomes a WebSocket, and both sides start reading. */
  private void accept(String key) {
    if (!stream.isActive()) {
      origin.close();
      return;
    }
    websocket =
        new EmbeddedChannel(
            new WebSocket08FrameEncoder(false),
            new WebSocket08FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(true)
                    .maxFramePayloadLength(1024 * 1024)
                    .build()));
    metrics.answered(101);
    var headers =
        new DefaultHttp2Headers()
            .status("200")
            .set(Streams.UPGRADED, "websocket")
            .set("sec-websocket-accept", acceptKey(key.strip()));
    stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers));
    while (!early.isEmpty()) {
      fromClient(early.poll());
    }
    stream.reading(true);
    origin.config().setAutoRead(true);
    origin.read();
  }

  static String acceptKey(String key) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  @Override
  public void fromEdge(Http2StreamFrame frame) {
    if (!(frame instanceof Http2DataFrame data) || closed) {
      ReferenceCountUtil.release(frame);
    } else if (websocket == null) {
      early.add(data); // the client did not wait for our answer; the stream's window bounds it
    } else {
      fromClient(data);
    }
  }

  /** Bytes of the client's WebSocket: its messages go to the origin. */
  private void fromClient(Http2DataFrame data) {
    boolean ended = data.isEndStream();
    try {
      websocket.writeInbound(data.content());
    } catch (RuntimeException broken) {
      // Not a WebSocket any more (the codec sends the client a close frame): the exchange ends.
      sendEncoded();
      close();
      return;
    }
    for (Object message; (message = websocket.readInbound()) != null; ) {
      fromClient((WebSocketFrame) message);
    }
    if (ended) {
      close();
    }
  }

  private void fromClient(WebSocketFrame message) {
    try {
      if (closed) {
        return;
      }
      if (message instanceof BinaryWebSocketFrame
          || message instanceof ContinuationWebSocketFrame
          || message instanceof TextWebSocketFrame) {
        origin.write(message.content().retain());
        stream.pauseWhileOriginFull(origin);
      } else if (message instanceof PingWebSocketFrame ping) {
        toClient(new PongWebSocketFrame(ping.content().retain()));
        stream.flush();
      } else if (message instanceof CloseWebSocketFrame) {
        close();
      }
    } finally {
      message.release();
    }
  }

  /** A message to the client, on the stream (not flushed). */
  private void toClient(WebSocketFrame message) {
    websocket.writeOutbound(message);
    sendEncoded();
  }

  private void sendEncoded() {
    for (Object bytes; (bytes = websocket.readOutbound()) != null; ) {
      stream.write(new DefaultHttp2DataFrame((ByteBuf) bytes));
    }
  }

  @Override
  public void edgeReadComplete() {
    if (origin != null) {
      origin.flush();
    }
  }

  @Override
  public void edgeWritabilityChanged(boolean writable) {
    if (origin != null) {
      Backpressure.follow(writable, origin);
    }
  }

  @Override
  public void edgeClosed() {
    closed = true;
    release();
    if (origin != null) {
      origin.close();
    }
  }

  /** Either side is done: a close frame to the client, the end of the stream, the origin closed. */
  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stream.isActive() && websocket != null) {
      if (websocket.isActive()) { // else the codec sent its own close frame (a protocol error)
        toClient(new CloseWebSocketFrame(1000, "closed"));
      }
      stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
    }
    release();
    if (origin != null) {
      origin.flush();
      origin.close();
    }
  }

  private void release() {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
    if (websocket != null) {
      websocket.finishAndReleaseAll();
    }
  }

  /** The origin's bytes, as binary messages on the stream. */
  private final class FromOrigin extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf bytes) || closed) {
        ReferenceCountUtil.release(msg);
        return;
      }
      toClient(new BinaryWebSocketFrame(bytes));
      stream.pauseOriginWhileFull(ctx.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      stream.flush();
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      stream.reading(ctx.channel().isWritable());
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
