package dev.outpost.protocol.edge;

import dev.outpost.protocol.Streams;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One public client connection: each HTTP/1.1 request becomes an HTTP/2 stream on a connection of
 * its tunnel, bodies stream both ways, and each side pauses reading while the other cannot take
 * more (backpressure). Event-loop confined; one request at a time per client connection.
 */
final class PublicRequestHandler extends ChannelInboundHandlerAdapter {

  private final ConnectionRegistry registry;
  private final Function<String, Optional<UUID>> tunnelOfHost;

  private Http2StreamChannel stream;
  private boolean streamOpening;
  private boolean requestHasBody;
  private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
  private boolean keepAlive;

  PublicRequestHandler(ConnectionRegistry registry, Function<String, Optional<UUID>> tunnelOfHost) {
    this.registry = registry;
    this.tunnelOfHost = tunnelOfHost;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      onRequest(ctx, request);
    }
    if (msg instanceof HttpContent content) {
      onContent(ctx, content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    keepAlive = HttpUtil.isKeepAlive(request);
    var hostHeader = request.headers().get(HttpHeaderNames.HOST);
    if (hostHeader == null) {
      answer(ctx, HttpResponseStatus.BAD_REQUEST, "a Host header is required");
      return;
    }
    var host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
    var tunnel = tunnelOfHost.apply(host);
    if (tunnel.isEmpty()) {
      answer(ctx, HttpResponseStatus.NOT_FOUND, "no tunnel serves " + host);
      return;
    }
    var connection = registry.pick(tunnel.get());
    if (connection.isEmpty()) {
      answer(
          ctx,
          HttpResponseStatus.BAD_GATEWAY,
          "the tunnel for " + host + " is down: no connector is connected");
      return;
    }
    requestHasBody =
        HttpUtil.isContentLengthSet(request)
            ? HttpUtil.getContentLength(request) > 0
            : HttpUtil.isTransferEncodingChunked(request);
    var headers =
        new DefaultHttp2Headers()
            .method(request.method().name())
            .path(request.uri())
            .scheme("http")
            .authority(hostHeader);
    for (var header : request.headers()) {
      var name = header.getKey().toLowerCase(Locale.ROOT);
      if (!Streams.HOP_BY_HOP.contains(name)) {
        headers.add(name, header.getValue());
      }
    }
    var client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
    var forwardedFor = request.headers().get("x-forwarded-for");
    headers.set("x-forwarded-for", forwardedFor == null ? client : forwardedFor + ", " + client);
    headers.set("x-forwarded-proto", "http");
    headers.set("x-forwarded-host", hostHeader);
    headers.set("x-request-id", UUID.randomUUID().toString());

    streamOpening = true;
    ctx.channel().config().setAutoRead(false);
    connection
        .get()
        .openStream(new ResponseRelay(ctx.channel(), this))
        .addListener(
            (Future<Http2StreamChannel> opened) -> {
              streamOpening = false;
              if (!opened.isSuccess()) {
                pending.forEach(ReferenceCountUtil::release);
                pending.clear();
                answer(ctx, HttpResponseStatus.BAD_GATEWAY, "the tunnel connection failed");
                ctx.channel().config().setAutoRead(true);
                return;
              }
              stream = opened.getNow();
              stream.write(new DefaultHttp2HeadersFrame(headers, !requestHasBody));
              while (!pending.isEmpty()) {
                forward(pending.poll());
              }
              stream.flush();
              ctx.channel().config().setAutoRead(true);
            });
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (streamOpening) {
      pending.add(content);
      return;
    }
    if (stream == null) {
      content.release();
      return;
    }
    forward(content);
    stream.flush();
    if (!stream.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void forward(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (!requestHasBody) {
      content.release();
      return;
    }
    stream.write(new DefaultHttp2DataFrame(content.content(), last));
  }

  /** The stream can take more of the request body. */
  void streamWritable(Channel client) {
    client.config().setAutoRead(true);
    client.read();
  }

  /** The response is complete: the client connection can carry the next request. */
  void responseDone(Channel client) {
    stream = null;
    if (!keepAlive) {
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String detail) {
    var body =
        ("{\"title\":\""
                + status.reasonPhrase()
                + "\",\"status\":"
                + status.code()
                + ",\"detail\":\""
                + detail
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    var response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (stream != null) {
      stream.config().setAutoRead(ctx.channel().isWritable());
      if (ctx.channel().isWritable()) {
        stream.read();
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
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
