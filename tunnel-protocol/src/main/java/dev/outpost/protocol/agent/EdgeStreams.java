package dev.outpost.protocol.agent;

import dev.outpost.protocol.Control;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last handler of a connector's tunnel connection: the streams the edge opens, each served by
 * an {@link EdgeStream} and its exchange, with no channel per stream. The first HEADERS of a stream
 * says what it is: a control message ({@link Control#PREFIX}) or a public request. Event-loop
 * confined (the connection's loop).
 */
final class EdgeStreams extends ChannelInboundHandlerAdapter {

  private final Control.Credentials credentials;
  private final Consumer<Control.Verdict> onVerdict;
  private final OriginProxy proxy;
  private final IntObjectHashMap<EdgeStream> streams = new IntObjectHashMap<>();
  private final List<EdgeStream> readInThisBatch = new ArrayList<>();
  private Http2FrameCodec codec;
  private ChannelPromise quiet;

  EdgeStreams(
      Control.Credentials credentials, Consumer<Control.Verdict> onVerdict, OriginProxy proxy) {
    this.credentials = credentials;
    this.onVerdict = onVerdict;
    this.proxy = proxy;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    codec = ctx.pipeline().get(Http2FrameCodec.class);
    quiet = new VoidChannelPromise(ctx.channel(), false);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Http2StreamFrame frame) || frame.stream() == null) {
      // Connection frames (SETTINGS, GOAWAY): the codec acted on them already.
      ReferenceCountUtil.release(msg);
      return;
    }
    int id = frame.stream().id();
    var stream = streams.get(id);
    if (stream == null) {
      if (!(frame instanceof Http2HeadersFrame request)
          || frame.stream().state() == Http2Stream.State.CLOSED) {
        ReferenceCountUtil.release(frame);
        return;
      }
      stream = new EdgeStream(ctx, frame.stream(), codec.connection(), quiet);
      streams.put(id, stream);
      stream.opened(request);
      open(stream, request);
    } else {
      stream.read(frame);
    }
    if (!stream.inReadBatch) {
      stream.inReadBatch = true;
      readInThisBatch.add(stream);
    }
  }

  private void open(EdgeStream stream, Http2HeadersFrame request) {
    var path = request.headers().path();
    if (path != null && path.toString().startsWith(Control.PREFIX)) {
      stream.serve(new ControlExchange(stream, request, credentials, onVerdict, proxy), null);
      return;
    }
    proxy.metrics().started();
    stream.serve(proxy.open(stream, request), proxy.metrics());
  }

  /** One flush per stream per read batch, as a channel per stream had. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    for (int i = 0; i < readInThisBatch.size(); i++) {
      var stream = readInThisBatch.get(i);
      stream.inReadBatch = false;
      stream.readComplete();
    }
    readInThisBatch.clear();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (!(event instanceof Http2FrameStreamEvent streamEvent)) {
      super.userEventTriggered(ctx, event);
      return;
    }
    var frameStream = streamEvent.stream();
    var stream = streams.get(frameStream.id());
    if (stream == null) {
      return;
    }
    if (streamEvent.type() == Http2FrameStreamEvent.Type.Writability) {
      stream.writabilityChanged();
    } else if (frameStream.state() == Http2Stream.State.CLOSED) {
      streams.remove(frameStream.id());
      stream.closed();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    // The codec closes every stream when the connection goes; this is for any it did not.
    for (var stream : new ArrayList<>(streams.values())) {
      stream.closed();
    }
    streams.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof Http2FrameStreamException streamError) {
      // One stream's error (the codec resets it): the stream ends, the connection stays.
      var stream = streams.get(streamError.stream().id());
      if (stream != null) {
        stream.close();
      }
      return;
    }
    super.exceptionCaught(ctx, cause);
  }
}
