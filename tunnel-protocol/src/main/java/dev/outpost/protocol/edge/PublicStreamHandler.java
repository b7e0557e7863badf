package dev.outpost.protocol.edge;

import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Streams;
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
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One stream of a public HTTP/2 client, relayed frame for frame to a stream on a connection of its
 * tunnel: both sides speak HTTP/2, so only the headers are rewritten. Each side pauses reading
 * while the other cannot take more. Event-loop confined (the public connection's loop).
 */
final class PublicStreamHandler extends ChannelInboundHandlerAdapter {

  private final ConnectionRegistry registry;
  private final Function<String, Optional<UUID>> tunnelOfHost;
  private final EdgeGate gate;
  private final boolean tls;
  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private Http2StreamChannel tunnelStream;
  private boolean opening;
  private boolean answered;
  private ChannelHandlerContext context;
  private CharSequence accept;

  PublicStreamHandler(
      ConnectionRegistry registry,
      Function<String, Optional<UUID>> tunnelOfHost,
      EdgeGate gate,
      boolean tls) {
    this.registry = registry;
    this.tunnelOfHost = tunnelOfHost;
    this.gate = gate;
    this.tls = tls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (answered) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (tunnelStream == null && !opening) {
      if (msg instanceof Http2HeadersFrame request) {
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
    if (opening) {
      pending.add(frame);
      return;
    }
    tunnelStream.write(frame);
    Backpressure.pauseIfFull(tunnelStream, ctx.channel());
  }

  private void onRequest(ChannelHandlerContext ctx, Http2HeadersFrame request) {
    var in = request.headers();
    var accept = in.get("accept");
    this.context = ctx;
    this.accept = accept;
    // A Host header, where a client or an intermediary sent one, names the site; else :authority.
    var authority = in.get("host") != null ? in.get("host") : in.authority();
    if (authority == null) {
      answer(ctx, 400, "an :authority is required", accept);
      return;
    }
    var host = PublicRequestHandler.stripPort(authority.toString()).toLowerCase();
    var tunnel = tunnelOfHost.apply(host);
    if (tunnel.isEmpty()) {
      answer(ctx, 404, "No tunnel serves " + host + ".", accept);
      return;
    }
    var parent = ctx.channel().parent();
    Http2Headers headers = new DefaultHttp2Headers();
    boolean clientSentOurs = false;
    for (var header : in) {
      var name = header.getKey();
      if (name.length() > 0 && name.charAt(0) == ':'
          || !Streams.HOP_BY_HOP.contains(name.toString())) {
        clientSentOurs |= ForwardedHeaders.isOurs(name);
        headers.add(name, header.getValue());
      }
    }
    headers.scheme(tls ? "https" : "http").authority(authority);
    var client = ((InetSocketAddress) parent.remoteAddress()).getAddress().getHostAddress();
    ForwardedHeaders.add(headers, client, tls, authority);
    var endStream = request.isEndStream();
    var method = in.method() == null ? "" : in.method().toString();
    var target = in.path() == null ? "" : in.path().toString();
    opening = true;
    var verdict =
        gate.check(new EdgeGate.Request(host, tunnel.get(), method, target, headers, client, tls))
            .toCompletableFuture();
    boolean sentOurs = clientSentOurs;
    if (verdict.isDone()) {
      // Decided from memory, the common case: no hop, reading never paused.
      EdgeGate.Verdict decision = null;
      Throwable failure = null;
      try {
        decision = verdict.join();
      } catch (RuntimeException e) {
        failure = e;
      }
      decided(ctx, tunnel.get(), host, headers, sentOurs, endStream, accept, decision, failure);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    verdict.whenComplete(
        (decision, failure) ->
            ctx.executor()
                .execute(
                    () ->
                        decided(
                            ctx,
                            tunnel.get(),
                            host,
                            headers,
                            sentOurs,
                            endStream,
                            accept,
                            decision,
                            failure)));
  }

  /** The gate has decided: answer for it, or send the stream on to a connection of its tunnel. */
  private void decided(
      ChannelHandlerContext ctx,
      UUID tunnel,
      String host,
      Http2Headers headers,
      boolean clientSentOurs,
      boolean endStream,
      CharSequence accept,
      EdgeGate.Verdict verdict,
      Throwable failure) {
    if (!ctx.channel().isActive()) {
      dropPending();
      return;
    }
    if (failure != null || verdict == null) {
      answer(ctx, 503, "The access check is unavailable right now; try again.", accept);
      return;
    }
    if (verdict instanceof EdgeGate.Answer answer) {
      answer(ctx, answer);
      return;
    }
    ForwardedHeaders.afterPass(headers, clientSentOurs, (EdgeGate.Pass) verdict);
    var connection = registry.pick(tunnel, ctx.channel().parent().eventLoop());
    if (connection.isEmpty()) {
      answer(
          ctx,
          502,
          "The tunnel for " + host + " is down: no connector is connected to it right now.",
          accept);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    connection
        .get()
        .openStream(new Relay(ctx.channel()))
        .addListener(
            (Future<Http2StreamChannel> opened) -> {
              opening = false;
              if (!opened.isSuccess()) {
                answer(ctx, 502, "The tunnel connection failed; try again.", accept);
                return;
              }
              tunnelStream = opened.getNow();
              tunnelStream.write(new DefaultHttp2HeadersFrame(headers, endStream));
              while (!pending.isEmpty()) {
                tunnelStream.write(pending.poll());
              }
              tunnelStream.flush();
              ctx.channel().config().setAutoRead(true);
            });
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

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (tunnelStream != null) {
      tunnelStream.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (tunnelStream != null) {
      Backpressure.follow(ctx.channel().isWritable(), tunnelStream);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropPending();
    if (tunnelStream != null) {
      tunnelStream.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void answer(ChannelHandlerContext ctx, int status, String detail, CharSequence accept) {
    answer(ctx, EdgeGate.Answer.page(status, EdgeAnswers.title(status), detail, accept, List.of()));
  }

  /** The edge answers this stream itself; the rest of the request's body is dropped. */
  private void answer(ChannelHandlerContext ctx, EdgeGate.Answer answer) {
    answered = true;
    opening = false;
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

  /** The connector's answer, frame for frame, to the public stream. */
  private final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel publicStream;
    private boolean ended;
    private boolean headersSent;

    Relay(Channel publicStream) {
      this.publicStream = publicStream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2HeadersFrame frame) {
        Http2Headers headers = new DefaultHttp2Headers();
        for (var header : frame.headers()) {
          var name = header.getKey();
          if (name.length() > 0 && name.charAt(0) == ':' || ForwardedHeaders.passes(name)) {
            headers.add(name, header.getValue());
          }
        }
        ended |= frame.isEndStream();
        headersSent = true;
        publicStream.write(new DefaultHttp2HeadersFrame(headers, frame.isEndStream()));
      } else if (msg instanceof Http2DataFrame frame) {
        ended |= frame.isEndStream();
        publicStream.write(new DefaultHttp2DataFrame(frame.content(), frame.isEndStream()));
      } else {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (ended) {
        publicStream.flush();
        ctx.close();
      } else {
        Backpressure.pauseIfFull(publicStream, ctx.channel());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      publicStream.flush();
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        Backpressure.follow(true, publicStream);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!headersSent) {
        // Nothing was said yet: the client can still hear a proper 502.
        publicStream
            .eventLoop()
            .execute(
                () -> {
                  if (publicStream.isActive() && !answered) {
                    answer(
                        context,
                        502,
                        "The tunnel connection ended before the origin answered; try again.",
                        accept);
                  }
                });
      } else if (!ended) {
        publicStream.close(); // resets the public stream: the answer was cut off
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
