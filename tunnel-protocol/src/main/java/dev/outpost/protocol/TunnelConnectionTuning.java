package dev.outpost.protocol;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AsciiString;

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

  /** Raises the connection-level window; call once the codec is in the pipeline. */
  public static void openConnectionWindow(ChannelPipeline pipeline) {
    pipeline
        .channel()
        .writeAndFlush(
            new DefaultHttp2WindowUpdateFrame(
                CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
  }
}
