package dev.outpost.protocol.edge;

import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Streams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
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
 * One public HTTP/1.1 client connection: each request becomes an HTTP/2 stream on a connection of
 * its tunnel, bodies stream both ways, and each side pauses reading while the other cannot take
 * more (backpressure). An upgrade (WebSocket) the origin accepts turns the connection into a byte
 * pipe to the origin. Event-loop confined; one request at a time per client connection.
 */
final class PublicRequestHandler extends ChannelInboundHandlerAdapter {

  /** The pipeline name of the HTTP/1.1 codec. */
  static final String CODEC = "http1";

  private final TunnelRoutes routes;
  private final Function<String, Optional<UUID>> tunnelOfHost;
  private final EdgeGate gate;
  private final boolean tls;

  private Http2StreamChannel stream;
  private boolean streamOpening;
  private boolean requestHasBody;
  private boolean upgrading;
  private boolean upgraded;

  /** Body pieces that arrived while the stream was opening. */
  private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();

  private boolean keepAlive;
  private ChannelHandlerContext context;
  private String accept;

  PublicRequestHandler(
      TunnelRoutes routes,
      Function<String, Optional<UUID>> tunnelOfHost,
      EdgeGate gate,
      boolean tls) {
    this.routes = routes;
    this.tunnelOfHost = tunnelOfHost;
    this.gate = gate;
    this.tls = tls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (upgraded) {
      if (msg instanceof ByteBuf bytes) {
        toStream(ctx, bytes, false);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof HttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        ReferenceCountUtil.release(msg);
        keepAlive = false;
        answer(ctx, 400, "the request is not valid HTTP/1.1", null);
        return;
      }
      onRequest(ctx, request);
    }
    if (msg instanceof HttpContent content) {
      if (content instanceof LastHttpContent && upgrading) {
        content.release(); // an upgrade request has no body; what follows is the new protocol
        return;
      }
      toStream(ctx, content.content(), content instanceof LastHttpContent);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    keepAlive = HttpUtil.isKeepAlive(request);
    var accept = request.headers().get(HttpHeaderNames.ACCEPT);
    this.accept = accept;
    var hostHeader = request.headers().get(HttpHeaderNames.HOST);
    if (hostHeader == null) {
      answer(ctx, 400, "a Host header is required", accept);
      return;
    }
    var host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
    var tunnel = tunnelOfHost.apply(host);
    if (tunnel.isEmpty()) {
      answer(ctx, 404, "No tunnel serves " + host + ".", accept);
      return;
    }
    var upgrade = upgradeOf(request);
    upgrading = upgrade != null;
    requestHasBody =
        !upgrading
            && (HttpUtil.isContentLengthSet(request)
                ? HttpUtil.getContentLength(request) > 0
                : HttpUtil.isTransferEncodingChunked(request));
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method(request.method().name())
            .path(request.uri())
            .scheme(tls ? "https" : "http")
            .authority(hostHeader);
    boolean clientSentOurs = false;
    for (var header : request.headers()) {
      if (!Streams.isHopByHop(header.getKey())) {
        var name = header.getKey().toLowerCase(Locale.ROOT);
        clientSentOurs |= ForwardedHeaders.isOurs(name);
        headers.add(name, header.getValue());
      }
    }
    if (upgrading) {
      // The stream carries the new protocol's bytes: a length (often "0") would end it early.
      headers.remove("content-length");
    }
    var client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
    ForwardedHeaders.add(headers, client, tls, hostHeader);

    streamOpening = true;
    var verdict =
        gate.check(
                new EdgeGate.Request(
                    host,
                    tunnel.get(),
                    request.method().name(),
                    request.uri(),
                    headers,
                    client,
                    tls))
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
      decided(ctx, tunnel.get(), host, headers, sentOurs, upgrade, accept, decision, failure);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    verdict.whenComplete(
        (decision, failure) ->
            ctx.executor()
                .execute(
                    () -> {
                      decided(
                          ctx,
                          tunnel.get(),
                          host,
                          headers,
                          sentOurs,
                          upgrade,
                          accept,
                          decision,
                          failure);
                      ctx.channel().config().setAutoRead(true);
                    }));
  }

  /** The gate has decided: answer for it, or send the request on to a connection of its tunnel. */
  private void decided(
      ChannelHandlerContext ctx,
      UUID tunnel,
      String host,
      Http2Headers headers,
      boolean clientSentOurs,
      String upgrade,
      String accept,
      EdgeGate.Verdict verdict,
      Throwable failure) {
    if (!ctx.channel().isActive()) {
      dropPending();
      return;
    }
    if (failure != null || verdict == null) {
      refuse(ctx);
      answer(ctx, 503, "The access check is unavailable right now; try again.", accept);
      return;
    }
    if (verdict instanceof EdgeGate.Answer answer) {
      refuse(ctx);
      answer(ctx, answer);
      return;
    }
    ForwardedHeaders.afterPass(headers, clientSentOurs, (EdgeGate.Pass) verdict);
    if (upgrading) {
      headers.set(Streams.UPGRADE, upgrade);
    }
    var target = routes.pick(tunnel, ctx.channel().eventLoop());
    if (target.isEmpty()) {
      refuse(ctx);
      answer(
          ctx,
          502,
          "The tunnel for " + host + " is down: no connector is connected to it right now.",
          accept);
      return;
    }
    target.get().address(headers);
    var opening = target.get().openStream(new ResponseRelay(ctx.channel(), this));
    if (opening.isDone() && ctx.executor().inEventLoop()) {
      // The usual case (the connection is on this event loop): no pause, which would cost two
      // epoll_ctl system calls per request.
      opened(ctx, opening, headers, accept);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    // The stream opens on the target's event loop; this handler's state belongs to the client's.
    opening.addListener(
        (Future<Http2StreamChannel> done) ->
            ctx.executor()
                .execute(
                    () -> {
                      opened(ctx, done, headers, accept);
                      ctx.channel().config().setAutoRead(true);
                    }));
  }

  private void opened(
      ChannelHandlerContext ctx,
      Future<Http2StreamChannel> opened,
      Http2Headers headers,
      String accept) {
    streamOpening = false;
    if (!opened.isSuccess()) {
      dropPending();
      answer(ctx, 502, "The tunnel connection failed; try again.", accept);
      return;
    }
    stream = opened.getNow();
    if (!ctx.channel().isActive()) {
      dropPending();
      stream.close();
      stream = null;
      return;
    }
    stream.write(new DefaultHttp2HeadersFrame(headers, !requestHasBody && !upgrading));
    while (!pending.isEmpty()) {
      var content = pending.poll();
      forward(content.content(), content instanceof LastHttpContent);
    }
    stream.flush();
  }

  /**
   * The edge answers this request itself: what already came of its body is dropped, and so is the
   * rest as it arrives; an upgrade that was refused leaves the connection in HTTP/1.1.
   */
  private void refuse(ChannelHandlerContext ctx) {
    streamOpening = false;
    upgrading = false;
    dropPending();
  }

  private void dropPending() {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
  }

  /** The protocol an HTTP/1.1 upgrade asks for (Connection: upgrade plus Upgrade), or null. */
  private static String upgradeOf(HttpRequest request) {
    var upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
    if (upgrade == null
        || !request
            .headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return null;
    }
    return upgrade.toLowerCase(Locale.ROOT);
  }

  private void toStream(ChannelHandlerContext ctx, ByteBuf bytes, boolean last) {
    if (streamOpening) {
      pending.add(last ? new DefaultLastHttpContent(bytes) : new DefaultHttpContent(bytes));
      return;
    }
    if (stream == null) {
      bytes.release();
      return;
    }
    forward(bytes, last);
    Backpressure.pauseIfFull(stream, ctx.channel());
  }

  private void forward(ByteBuf bytes, boolean last) {
    if (!requestHasBody && !upgraded) {
      bytes.release();
      return;
    }
    stream.write(new DefaultHttp2DataFrame(bytes, last && !upgraded));
  }

  /** One flush per batch of reads from the client, not one per piece of body. */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (stream != null) {
      stream.flush();
    }
    ctx.fireChannelReadComplete();
  }

  /** The stream can take more of the request body. */
  void streamWritable(Channel client) {
    Backpressure.follow(true, client);
  }

  /**
   * The origin switched protocols: the client hears 101 and from now on its bytes go to the stream
   * as they are. Runs on the client's event loop.
   */
  void switchedProtocols(Channel client, io.netty.handler.codec.http.HttpResponse switched) {
    upgrading = false;
    upgraded = true;
    client.writeAndFlush(switched);
    var codec = client.pipeline().get(io.netty.handler.codec.http.HttpServerCodec.class);
    if (codec != null) {
      client.pipeline().remove(codec);
    }
  }

  /**
   * The tunnel stream ended before the origin's answer began: the client hears the edge's 502 page.
   * Runs on the client's event loop.
   */
  void tunnelDropped(Channel client) {
    answer(
        context, 502, "The tunnel connection ended before the origin answered; try again.", accept);
    responseDone(client);
  }

  /** The response is complete: the client connection can carry the next request. */
  void responseDone(Channel client) {
    stream = null;
    if (!keepAlive || upgraded) {
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void answer(ChannelHandlerContext ctx, int status, String detail, String accept) {
    answer(ctx, EdgeGate.Answer.page(status, EdgeAnswers.title(status), detail, accept, List.of()));
  }

  private void answer(ChannelHandlerContext ctx, EdgeGate.Answer answer) {
    var response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body()));
    for (var header : answer.headers()) {
      response.headers().add(header.getKey(), header.getValue());
    }
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    if (!response.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static final AsciiString NO_STORE = AsciiString.cached("no-store");

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (stream != null) {
      Backpressure.follow(ctx.channel().isWritable(), stream);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dropPending();
    if (stream != null) {
      stream.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 ? host.substring(0, colon) : host;
  }
}
