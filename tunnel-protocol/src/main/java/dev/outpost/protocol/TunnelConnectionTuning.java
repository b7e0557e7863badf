package dev.outpost.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/** How both ends set up HTTP/2 on a tunnel connection, once TLS is up. */
public final class TunnelConnectionTuning {

  /** Each stream may have 1 MiB in flight before its reader has to take some. */
  static final int STREAM_WINDOW = 1024 * 1024;

  /**
   * The whole connection may have 32 MiB in flight: HTTP/2's default of 64 KiB for all streams
   * together would cap a connection at about 3 MiB/s over a 20 ms round trip.
   */
  static final int CONNECTION_WINDOW = 32 * 1024 * 1024;

  private TunnelConnectionTuning() {}

  private static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");

  /**
   * The HTTP/2 codec: the edge is the client, the connector the server. The request id differs on
   * every request: kept out of the HPACK tables, it spares both ends an insertion and an eviction
   * per request for a value never seen again.
   */
  public static Http2FrameCodec codec(boolean client) {
    var builder = client ? Http2FrameCodecBuilder.forClient() : Http2FrameCodecBuilder.forServer();
    return builder
        .headerSensitivityDetector((name, value) -> REQUEST_ID.contentEquals(name))
        .initialSettings(
            Http2Settings.defaultSettings()
                .initialWindowSize(STREAM_WINDOW)
                .maxFrameSize(256 * 1024))
        .build();
  }

  /**
   * Adds {@code codec} after the TLS handler named {@code tls}, with flush consolidation between
   * them: many streams flushing in one read batch become one TLS write and one system call.
   */
  public static void install(ChannelPipeline pipeline, String tls, Http2FrameCodec codec) {
    pipeline.addAfter(tls, "flush", new FlushConsolidationHandler(256, true));
    pipeline.addAfter("flush", "h2", codec);
  }

  /**
   * Puts HTTP/2 on a connection whose TLS handshake just completed (its handler named {@code tls}):
   * flush consolidation, the codec ({@code client}: this side opens the streams), the heartbeat,
   * and {@code inbound} for the streams the other side opens (null: it opens none); then raises the
   * connection window.
   */
  public static void installAfterHandshake(
      ChannelPipeline pipeline,
      boolean client,
      Duration heartbeatInterval,
      Duration heartbeatDeadline,
      ChannelHandler inbound) {
    installAfterHandshakeWith(
        pipeline,
        client,
        heartbeatInterval,
        heartbeatDeadline,
        new Http2MultiplexHandler(inbound != null ? inbound : new ChannelInboundHandlerAdapter()));
  }

  /**
   * As {@link #installAfterHandshake}, with {@code streams} as the last handler: it takes the
   * codec's frames and stream events for all streams itself, with no channel per stream.
   */
  public static void installAfterHandshakeWith(
      ChannelPipeline pipeline,
      boolean client,
      Duration heartbeatInterval,
      Duration heartbeatDeadline,
      ChannelHandler streams) {
    install(pipeline, "tls", codec(client));
    Heartbeat.install(pipeline, "h2", heartbeatInterval, heartbeatDeadline);
    pipeline.addLast("streams", streams);
    openConnectionWindow(pipeline);
  }

  /**
   * A TLS listener whose connections get their protocol only once the handshake is done: {@code
   * afterHandshake} makes, per connection, the handler that waits for it. Port 0 picks a free port.
   */
  public static Channel listen(
      EventLoopGroup group,
      SslContext tls,
      Supplier<ChannelHandler> afterHandshake,
      InetSocketAddress address)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(Transport.serverChannel(group))
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                ch.pipeline().addLast("handshake", afterHandshake.get());
              }
            })
        .bind(address)
        .sync()
        .channel();
  }

  /** Raises the connection-level window; call once the codec is in the pipeline. */
  public static void openConnectionWindow(ChannelPipeline pipeline) {
    pipeline
        .channel()
        .writeAndFlush(
            new DefaultHttp2WindowUpdateFrame(
                CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
  }
}
