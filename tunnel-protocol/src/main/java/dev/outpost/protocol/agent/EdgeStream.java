package dev.outpost.protocol.agent;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * One stream the edge opened on a tunnel connection, served at frame level: what its exchange
 * writes goes straight to the connection's HTTP/2 codec, and its flow control is kept here. Netty's
 * child channel per stream (a pipeline, promises and an inbound queue for every request) was the
 * largest saving the profile pointed at (docs/protocol.md, "Speed"). Event-loop confined (the
 * connection's loop, which also runs the stream's origin connection).
 *
 * <p>Pausing a stream ({@link #reading(boolean) reading(false)}) withholds the flow-control credit
 * of what it receives: the edge can then send no more than the stream's window, and frames already
 * under way still arrive, so an exchange takes every frame it is given.
 */
final class EdgeStream {

  private final ChannelHandlerContext connection;
  private final Http2FrameStream stream;
  private final Http2Stream state;
  private final Http2Connection codec;
  private final ChannelPromise quiet;
  private OriginExchange exchange;
  private ProxyMetrics counted;
  private boolean reading = true;
  private int withheld;
  private boolean ended;
  private boolean edgeEnded;
  private boolean resetSent;
  private boolean closed;

  /** Set while the stream is in the connection's list of streams that read in this batch. */
  boolean inReadBatch;

  /**
   * @param quiet a void promise that ignores failures: a write fails only once the stream is gone,
   *     and its closing is handled when the codec says it closed
   */
  EdgeStream(
      ChannelHandlerContext connection,
      Http2FrameStream stream,
      Http2Connection codec,
      ChannelPromise quiet) {
    this.connection = connection;
    this.stream = stream;
    this.codec = codec;
    this.state = codec.stream(stream.id());
    this.quiet = quiet;
  }

  /** The stream's first HEADERS came: whether they end the edge's side already (a GET, say). */
  void opened(Http2HeadersFrame request) {
    edgeEnded = request.isEndStream();
  }

  /**
   * @param counted the metrics that count this stream as a request in flight until it closes, or
   *     null (a control stream)
   */
  void serve(OriginExchange exchange, ProxyMetrics counted) {
    this.exchange = exchange;
    this.counted = counted;
  }

  // What the connection hands the stream.

  /** A frame of this stream after its first HEADERS; the exchange owns it from here. */
  void read(Http2StreamFrame frame) {
    if (frame instanceof Http2DataFrame data) {
      edgeEnded |= data.isEndStream();
      credit(data.initialFlowControlledBytes());
    } else if (frame instanceof Http2HeadersFrame headers) {
      edgeEnded |= headers.isEndStream();
    }
    if (exchange == null || closed) {
      ReferenceCountUtil.release(frame);
      return;
    }
    exchange.fromEdge(frame);
  }

  void readComplete() {
    if (exchange != null && !closed) {
      exchange.edgeReadComplete();
    }
  }

  /** Only while the exchange still writes: once it ended the stream, it has nothing to pause. */
  void writabilityChanged() {
    if (exchange != null && isActive()) {
      exchange.edgeWritabilityChanged(isWritable());
    }
  }

  /**
   * The stream is closed (both ends done, reset, or the connection gone). The exchange hears of it
   * on the next turn of the loop: the closing often happens inside one of its own writes, which
   * must finish first, and an answer given at once closes the stream before the exchange is even
   * set.
   */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    eventLoop().execute(this::tellClosed);
  }

  private void tellClosed() {
    if (counted != null) {
      counted.finished();
    }
    if (exchange != null) {
      exchange.edgeClosed();
    }
  }

  // What an exchange uses, in the words of a channel.

  EventLoop eventLoop() {
    return connection.channel().eventLoop();
  }

  /** The stream can still be written to: not closed, not ended by us, the connection up. */
  boolean isActive() {
    return !closed && !ended && connection.channel().isActive();
  }

  /**
   * Whether the stream takes more now: its window and the connection's are not used up by what
   * waits to be sent, and the connection's socket is not full.
   */
  boolean isWritable() {
    return isActive() && codec.remote().flowController().isWritable(state);
  }

  /** Writes a frame of this stream (not flushed); dropped once the stream is ended or closed. */
  void write(Http2StreamFrame frame) {
    if (!isActive()) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (frame instanceof Http2DataFrame data) {
      ended = data.isEndStream();
    } else if (frame instanceof Http2HeadersFrame headers) {
      ended = headers.isEndStream();
    }
    connection.write(frame.stream(stream), quiet);
  }

  void flush() {
    connection.flush();
  }

  void writeAndFlush(Http2StreamFrame frame) {
    write(frame);
    flush();
  }

  /** A whole message: headers, then {@code body} if it has any, flushed. */
  void writeMessage(Http2Headers headers, byte[] body) {
    write(new DefaultHttp2HeadersFrame(headers, body.length == 0));
    if (body.length > 0) {
      write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
    }
    flush();
  }

  /**
   * Whether to take more from the edge: while not, the credit for what arrives is withheld; when
   * reading again, it is given back.
   */
  void reading(boolean on) {
    if (reading == on) {
      return;
    }
    reading = on;
    if (on && withheld > 0) {
      int bytes = withheld;
      withheld = 0;
      if (giveBack(bytes)) {
        flush();
      }
    }
  }

  /**
   * Abandons the stream: a RST_STREAM (CANCEL) unless it is closed already. The exchange hears of
   * it, as of any closing, once the codec closed the stream.
   */
  void close() {
    if (closed || resetSent || ended && edgeEnded) {
      return;
    }
    resetSent = true;
    ended = true;
    if (connection.channel().isActive()) {
      connection.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream), quiet);
    }
  }

  private void credit(int bytes) {
    if (bytes == 0) {
      return;
    }
    if (!reading) {
      withheld += bytes;
      return;
    }
    // Not flushed here: the codec flushes when the read that brought the frame is complete.
    giveBack(bytes);
  }

  /** Returns flow-control credit; true when that wrote a WINDOW_UPDATE, which needs a flush. */
  private boolean giveBack(int bytes) {
    try {
      return codec.local().flowController().consumeBytes(state, bytes);
    } catch (Http2Exception e) {
      // More than was received: a bug of ours, and this stream's accounting is lost with it.
      close();
      return false;
    }
  }

  /**
   * After writing to {@code origin}: pauses this stream while the origin cannot take more; the
   * origin's writability event resumes it ({@link #reading}). Both run on this loop, so nothing can
   * drain in between.
   */
  void pauseWhileOriginFull(Channel origin) {
    if (!origin.isWritable()) {
      origin.flush();
      if (!origin.isWritable()) {
        reading(false);
      }
    }
  }

  /**
   * After writing to this stream: pauses {@code origin}'s reads while the stream cannot take more;
   * the stream's writability event resumes them ({@link OriginExchange#edgeWritabilityChanged}).
   */
  void pauseOriginWhileFull(Channel origin) {
    if (!isWritable() && isActive()) {
      flush();
      if (!isWritable()) {
        origin.config().setAutoRead(false);
      }
    }
  }
}
