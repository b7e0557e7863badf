package dev.outpost.protocol.agent;

import dev.outpost.ingress.IngressRule;
import dev.outpost.ingress.OriginService;
import dev.outpost.protocol.Streams;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One public request proxied to an HTTP(S) origin: the request streams from the edge's stream to
 * the origin and the answer streams back, each direction pausing its reader while the other side
 * cannot take more. Event-loop confined (the stream's event loop also runs the origin channel).
 */
final class HttpOriginExchange implements AgentStreamHandler.OriginExchange {

  private static final String RESPONSE = "origin-response";

  private final Channel stream;
  private final OriginService.Http service;
  private final IngressRule rule;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private final boolean hasBody;
  private final OriginPool pool;
  private final String poolKey;
  private boolean requestSent;
  private Channel origin;
  private boolean responseStarted;
  private boolean done;

  HttpOriginExchange(
      Channel stream,
      Http2HeadersFrame request,
      OriginService.Http service,
      IngressRule rule,
      OriginPool pool) {
    this.pool = pool;
    this.stream = stream;
    this.service = service;
    this.rule = rule;
    this.hasBody = !request.isEndStream();
    var options = rule.originRequest();
    this.poolKey =
        service.host()
            + ":"
            + service.port()
            + (service.tls()
                ? ":tls:" + options.originServerName() + ":" + options.noTLSVerify()
                : "");
    var http1 = toHttp1(request);
    var pooled = pool.take(stream.eventLoop(), poolKey);
    if (pooled != null) {
      pooled.pipeline().addLast(RESPONSE, new ResponseFromOrigin());
      send(pooled, http1);
    } else {
      connect(http1);
    }
  }

  private DefaultHttpRequest toHttp1(Http2HeadersFrame frame) {
    var h2 = frame.headers();
    var request =
        new DefaultHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.valueOf(h2.method().toString()), h2.path().toString());
    for (var header : h2) {
      var name = header.getKey().toString().toLowerCase(Locale.ROOT);
      if (!name.startsWith(":") && !Streams.HOP_BY_HOP.contains(name)) {
        request.headers().add(name, header.getValue());
      }
    }
    var options = rule.originRequest();
    var host =
        options.httpHostHeader() != null
            ? options.httpHostHeader()
            : h2.authority() == null ? service.host() : h2.authority().toString();
    request.headers().set(HttpHeaderNames.HOST, host);
    if (hasBody && !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return request;
  }

  private void connect(DefaultHttpRequest request) {
    var options = rule.originRequest();
    var timeout =
        options.connectTimeout() == null ? 30_000 : (int) options.connectTimeout().toMillis();
    stream.config().setAutoRead(false);
    new Bootstrap()
        .group(stream.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, timeout))
        .option(ChannelOption.AUTO_READ, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) throws Exception {
                if (service.tls()) {
                  var sni =
                      options.originServerName() != null
                          ? options.originServerName()
                          : service.host();
                  var ssl = pool.tls(Boolean.TRUE.equals(options.noTLSVerify()));
                  ch.pipeline().addLast(ssl.newHandler(ch.alloc(), sni, service.port()));
                }
                ch.pipeline().addLast(new HttpClientCodec());
                ch.pipeline().addLast(RESPONSE, new ResponseFromOrigin());
              }
            })
        .connect(service.host(), service.port())
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                var timedOut = connected.cause() instanceof ConnectTimeoutException;
                fail(
                    timedOut ? 504 : 502,
                    (timedOut
                            ? "the origin did not answer in time: "
                            : "the origin is unreachable: ")
                        + service.host()
                        + ":"
                        + service.port());
                return;
              }
              send(((io.netty.channel.ChannelFuture) connected).channel(), request);
            });
  }

  private void send(Channel channel, DefaultHttpRequest request) {
    origin = channel;
    origin.write(request);
    if (!hasBody) {
      origin.write(LastHttpContent.EMPTY_LAST_CONTENT);
      requestSent = true;
    }
    while (!pending.isEmpty()) {
      writeToOrigin(pending.poll());
    }
    origin.flush();
    stream.config().setAutoRead(true);
    stream.read();
  }

  @Override
  public void fromEdge(Object frame) {
    if (!(frame instanceof Http2DataFrame)) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (origin == null) {
      pending.add(frame);
      return;
    }
    writeToOrigin(frame);
    origin.flush();
    if (!origin.isWritable()) {
      stream.config().setAutoRead(false);
    }
  }

  private void writeToOrigin(Object frame) {
    var data = (Http2DataFrame) frame;
    if (!hasBody) {
      data.release();
      return;
    }
    HttpContent content =
        data.isEndStream()
            ? new DefaultLastHttpContent(data.content())
            : new DefaultHttpContent(data.content());
    origin.write(content);
    if (data.isEndStream()) {
      requestSent = true;
    }
  }

  @Override
  public void edgeWritabilityChanged(boolean writable) {
    if (origin != null) {
      origin.config().setAutoRead(writable);
      if (writable) {
        origin.read();
      }
    }
  }

  @Override
  public void edgeClosed() {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    if (origin != null && !done) {
      origin.close();
    }
  }

  private void fail(int status, String detail) {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    if (responseStarted) {
      stream.close();
      return;
    }
    var body = (detail + "\n").getBytes(StandardCharsets.UTF_8);
    var headers =
        new DefaultHttp2Headers()
            .status(Integer.toString(status))
            .set("content-type", "text/plain; charset=utf-8")
            .setInt("content-length", body.length);
    stream.write(new DefaultHttp2HeadersFrame(headers));
    stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
    done = true;
  }

  private int keepAliveConnections() {
    var configured = rule.originRequest().keepAliveConnections();
    return configured == null ? 100 : configured;
  }

  /** The origin's answer, written to the edge's stream as it arrives. */
  private final class ResponseFromOrigin extends ChannelInboundHandlerAdapter {
    private boolean reusable;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response) {
          var headers =
              new DefaultHttp2Headers().status(Integer.toString(response.status().code()));
          for (var header : response.headers()) {
            var name = header.getKey().toLowerCase(Locale.ROOT);
            if (!Streams.HOP_BY_HOP.contains(name)) {
              headers.add(name, header.getValue());
            }
          }
          responseStarted = true;
          reusable = HttpUtil.isKeepAlive(response);
          stream.write(new DefaultHttp2HeadersFrame(headers));
        }
        if (msg instanceof HttpContent content) {
          boolean last = content instanceof LastHttpContent;
          stream.writeAndFlush(new DefaultHttp2DataFrame(content.content().retain(), last));
          if (last) {
            done = true;
            if (reusable && requestSent && ctx.channel().isActive()) {
              // Whole request out, whole answer in: the connection can serve the next request.
              ctx.pipeline().remove(this);
              ctx.channel().config().setAutoRead(true);
              pool.give(
                  ctx.channel().eventLoop(),
                  poolKey,
                  ctx.channel(),
                  Math.max(1, keepAliveConnections()));
            } else {
              ctx.close();
            }
          } else if (!stream.isWritable()) {
            ctx.channel().config().setAutoRead(false);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      stream.config().setAutoRead(ctx.channel().isWritable());
      if (ctx.channel().isWritable()) {
        stream.read();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!done) {
        fail(502, "the origin closed the connection before answering");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!done) {
        fail(502, "the origin failed: " + cause.getClass().getSimpleName());
      }
      ctx.close();
    }
  }
}
