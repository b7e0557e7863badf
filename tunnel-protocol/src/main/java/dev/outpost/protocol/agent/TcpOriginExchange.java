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
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
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
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A TCP service ({@code tcp://}, {@code ssh://}, {@code rdp://}) carried over a WebSocket, as
 * cloudflared does: the client ({@code connector access tcp}, or any WebSocket client) upgrades a
 * request to the service's hostname; the connector connects to the origin, accepts the WebSocket
 * itself, and from then on binary messages carry the byte stream both ways. Each side pauses
 * reading while the other cannot take more. Event-loop confined (the stream's loop, which also runs
 * the origin connection).
 *
 * <p>After the handshake the stream's pipeline decodes the client's WebSocket frames ({@link
 * StreamBytes}, then Netty's frame codec), so {@link #fromEdge} receives {@link WebSocketFrame}s.
 */
final class TcpOriginExchange implements AgentStreamHandler.OriginExchange {

  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** What the stream's reader passes on when the edge ended the stream (the client went away). */
  static final Object EDGE_ENDED = new Object();

  private final Channel stream;
  private final ProxyMetrics metrics;
  private Channel origin;
  private boolean closed;

  /**
   * Answers {@code request} itself when it is no WebSocket (a TCP service has no HTTP to offer),
   * else connects to the origin and accepts the WebSocket.
   */
  static AgentStreamHandler.OriginExchange open(
      Channel stream,
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
      Channel stream,
      OriginService.Tcp service,
      IngressRule rule,
      OriginPool pool,
      ProxyMetrics metrics,
      String key) {
    this.stream = stream;
    this.metrics = metrics;
    var timeout = rule.originRequest().connectTimeout();
    var loop = stream.eventLoop();
    stream.config().setAutoRead(false);
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
    // In front of the stream's handler: bytes from DATA frames, then the client's frames decoded.
    var pipeline = stream.pipeline();
    pipeline.addFirst("ws-encoder", new WebSocket08FrameEncoder(false));
    pipeline.addFirst(
        "ws-decoder",
        new WebSocket08FrameDecoder(
            WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .maxFramePayloadLength(1024 * 1024)
                .build()));
    pipeline.addFirst("ws-bytes", new StreamBytes());
    metrics.answered(101);
    var headers =
        new DefaultHttp2Headers()
            .status("200")
            .set(Streams.UPGRADED, "websocket")
            .set("sec-websocket-accept", acceptKey(key.strip()));
    stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers));
    stream.config().setAutoRead(true);
    stream.read();
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
  public void fromEdge(Object msg) {
    try {
      if (msg == EDGE_ENDED) {
        close();
      } else if (origin == null || closed) {
        return;
      } else if (msg instanceof BinaryWebSocketFrame
          || msg instanceof ContinuationWebSocketFrame
          || msg instanceof TextWebSocketFrame) {
        origin.write(((WebSocketFrame) msg).content().retain());
        Backpressure.pauseIfFull(origin, stream);
      } else if (msg instanceof PingWebSocketFrame ping) {
        stream.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame) {
        close();
      }
    } finally {
      if (msg != EDGE_ENDED) {
        ReferenceCountUtil.release(msg);
      }
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
    if (stream.isActive()) {
      stream.write(new CloseWebSocketFrame(1000, "closed"));
      stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
    }
    if (origin != null) {
      origin.flush();
      origin.close();
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
      stream.write(new BinaryWebSocketFrame(bytes));
      Backpressure.pauseIfFull(stream, ctx.channel());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      stream.flush();
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      Backpressure.follow(ctx.channel().isWritable(), stream);
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

  /**
   * Between the stream and the WebSocket codec: DATA frames in become bytes (the end of the stream
   * becomes {@link #EDGE_ENDED}), bytes out become DATA frames; everything else passes.
   */
  private static final class StreamBytes extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof Http2DataFrame data)) {
        ctx.fireChannelRead(msg);
        return;
      }
      var content = data.content();
      if (content.isReadable()) {
        ctx.fireChannelRead(content);
      } else {
        content.release();
      }
      if (data.isEndStream()) {
        ctx.fireChannelRead(EDGE_ENDED);
      }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ctx.write(msg instanceof ByteBuf bytes ? new DefaultHttp2DataFrame(bytes) : msg, promise);
    }
  }
}
