package dev.outpost.protocol.edge;

import dev.outpost.protocol.Backpressure;
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
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * Forwards one incoming HTTP/2 stream, frame for frame, to a stream of a {@link StreamTarget} (a
 * tunnel connection, or a link to a peer router), and the answer back; only headers are rewritten.
 * Each side pauses reading while the other cannot take more. Subclasses decide from the request's
 * HEADERS where it goes ({@link #forward}) or answer it themselves ({@link #answer}). Event-loop
 * confined (the incoming stream's loop).
 */
abstract class StreamForwarder extends ChannelInboundHandlerAdapter {

  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private Http2StreamChannel targetStream;
  private boolean deciding;
  private boolean answered;
  private ChannelHandlerContext context;
  private CharSequence accept;

  /**
   * The request's HEADERS: the subclass calls {@link #forward} or {@link #answer}, now or later on
   * this stream's event loop. Frames that come meanwhile wait.
   */
  protected abstract void onRequest(ChannelHandlerContext ctx, Http2HeadersFrame request);

  /** Whether a response header (lower case, not a pseudo-header) reaches the caller. */
  protected abstract boolean passes(CharSequence name);

  @Override
  public final void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (targetStream == null && !deciding) {
      if (msg instanceof Http2HeadersFrame request) {
        context = ctx;
        accept = request.headers().get("accept");
        deciding = true;
        onRequest(ctx, request);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (!(msg instanceof Http2DataFrame) && !(msg instanceof Http2HeadersFrame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    var frame = copy((Http2StreamFrame) msg);
    if (deciding) {
      pending.add(frame);
      return;
    }
    targetStream.write(frame);
    Backpressure.pauseIfFull(targetStream, ctx.channel());
  }

  /** The client's {@code Accept}, for the edge's own answers. */
  protected final CharSequence accept() {
    return accept;
  }

  /** Sends the request on to {@code target}: its headers, then the body as it comes. */
  protected final void forward(
      ChannelHandlerContext ctx, StreamTarget target, Http2Headers headers, boolean endStream) {
    if (!ctx.channel().isActive()) {
      dropPending();
      return;
    }
    target.address(headers);
    ctx.channel().config().setAutoRead(false);
    target
        .openStream(new Relay(ctx.channel()))
        .addListener(
            (Future<Http2StreamChannel> opened) ->
                onLoop(ctx.channel(), () -> opened(ctx, opened, headers, endStream)));
  }

  private void opened(
      ChannelHandlerContext ctx,
      Future<Http2StreamChannel> opened,
      Http2Headers headers,
      boolean endStream) {
    deciding = false;
    if (!opened.isSuccess()) {
      answer(ctx, 502, "The tunnel connection failed; try again.");
      return;
    }
    targetStream = opened.getNow();
    if (!ctx.channel().isActive()) {
      dropPending();
      targetStream.close();
      return;
    }
    targetStream.write(new DefaultHttp2HeadersFrame(headers, endStream));
    while (!pending.isEmpty()) {
      targetStream.write(pending.poll());
    }
    targetStream.flush();
    ctx.channel().config().setAutoRead(true);
  }

  private void dropPending() {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
  }

  /** A frame of this stream, re-made for another stream (a frame belongs to its stream). */
  private static Http2StreamFrame copy(Http2StreamFrame frame) {
    if (frame instanceof Http2DataFrame data) {
      return new DefaultHttp2DataFrame(data.content(), data.isEndStream(), data.padding());
    }
    var headers = (Http2HeadersFrame) frame;
    return new DefaultHttp2HeadersFrame(headers.headers(), headers.isEndStream());
  }

  private static void onLoop(Channel channel, Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (targetStream != null) {
      targetStream.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (targetStream != null) {
      Backpressure.follow(ctx.channel().isWritable(), targetStream);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropPending();
    if (targetStream != null) {
      targetStream.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  protected final void answer(ChannelHandlerContext ctx, int status, String detail) {
    answer(ctx, EdgeGate.Answer.page(status, EdgeAnswers.title(status), detail, accept, List.of()));
  }

  /** The edge answers this stream itself; the rest of the request's body is dropped. */
  protected final void answer(ChannelHandlerContext ctx, EdgeGate.Answer answer) {
    answered = true;
    deciding = false;
    dropPending();
    var headers = new DefaultHttp2Headers().status(Integer.toString(answer.status()));
    for (var header : answer.headers()) {
      headers.add(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
    }
    headers.setInt("content-length", answer.body().length);
    if (!headers.contains("cache-control")) {
      headers.set("cache-control", "no-store");
    }
    ctx.write(new DefaultHttp2HeadersFrame(headers));
    ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(answer.body()), true));
    ctx.channel().config().setAutoRead(true);
  }

  /** The target's answer, frame for frame, to the incoming stream. */
  private final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel incoming;
    private boolean ended;
    private boolean headersSent;

    Relay(Channel incoming) {
      this.incoming = incoming;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2HeadersFrame frame) {
        Http2Headers headers = new DefaultHttp2Headers();
        for (var header : frame.headers()) {
          var name = header.getKey();
          if (name.length() > 0 && name.charAt(0) == ':' || passes(name)) {
            headers.add(name, header.getValue());
          }
        }
        ended |= frame.isEndStream();
        headersSent = true;
        incoming.write(new DefaultHttp2HeadersFrame(headers, frame.isEndStream()));
      } else if (msg instanceof Http2DataFrame frame) {
        ended |= frame.isEndStream();
        incoming.write(new DefaultHttp2DataFrame(frame.content(), frame.isEndStream()));
      } else {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (ended) {
        incoming.flush();
        ctx.close();
      } else {
        Backpressure.pauseIfFull(incoming, ctx.channel());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      incoming.flush();
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        Backpressure.follow(true, incoming);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!headersSent) {
        // Nothing was said yet: the caller can still hear a proper 502.
        onLoop(
            incoming,
            () -> {
              if (incoming.isActive() && !answered) {
                answer(
                    context,
                    502,
                    "The tunnel connection ended before the origin answered; try again.");
              }
            });
      } else if (!ended) {
        incoming.close(); // resets the incoming stream: the answer was cut off
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
