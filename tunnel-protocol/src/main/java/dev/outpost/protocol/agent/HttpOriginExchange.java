package dev.outpost.protocol.agent;

import dev.outpost.ingress.IngressRule;
import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Streams;
import dev.outpost.protocol.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One public request proxied to an HTTP(S) origin over TCP or a unix socket: the request streams
 * from the edge's stream to the origin and the answer streams back, each direction pausing its
 * reader while the other side cannot take more. An upgrade (WebSocket) the origin accepts turns the
 * stream into a byte pipe both ways. Event-loop confined (the stream's event loop also runs the
 * origin channel).
 */
final class HttpOriginExchange implements OriginExchange {

  private static final String CODEC = "origin-codec";
  private static final String LINK = "origin-link";

  /**
   * Body pieces up to 256 KiB: the codec's 8 KiB default meant a frame and a write for every 8 KiB.
   */
  private static final int MAX_CHUNK = 256 * 1024;

  private final EdgeStream stream;
  private final OriginTarget target;
  private final IngressRule rule;
  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private final boolean hasBody;
  private final String upgrade;
  private final OriginPool pool;
  private final ProxyMetrics metrics;
  private boolean requestSent;
  private Channel origin;
  private boolean responseStarted;
  private boolean upgraded;
  private boolean done;

  HttpOriginExchange(
      EdgeStream stream,
      Http2HeadersFrame request,
      OriginTarget target,
      IngressRule rule,
      OriginPool pool,
      ProxyMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
    this.stream = stream;
    this.target = target;
    this.rule = rule;
    var upgradeHeader = request.headers().get(Streams.UPGRADE);
    this.upgrade = upgradeHeader == null ? null : upgradeHeader.toString();
    this.hasBody = !request.isEndStream() && upgrade == null;
    var http1 = toHttp1(request);
    // An upgraded connection is never given back, so an upgrade always takes a new one.
    var pooled = upgrade == null ? pool.take(stream.eventLoop(), target.poolKey()) : null;
    if (pooled != null) {
      pooled.pipeline().get(OriginLink.class).serve(new ResponseFromOrigin());
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
      // HTTP/2 names arrive in lower case (RFC 9113 8.2.1; the codec checks): used as they are.
      var name = header.getKey();
      if (name.length() > 0
          && name.charAt(0) != ':'
          && !Streams.isHopByHop(name)
          && !AsciiString.contentEquals(name, Streams.UPGRADE)) {
        request.headers().add(name, header.getValue());
      }
    }
    var options = rule.originRequest();
    var host =
        options.httpHostHeader() != null
            ? options.httpHostHeader()
            : h2.authority() == null ? target.defaultHost() : h2.authority().toString();
    request.headers().set(HttpHeaderNames.HOST, host);
    if (upgrade != null) {
      request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      request.headers().set(HttpHeaderNames.UPGRADE, upgrade);
    } else if (hasBody && !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return request;
  }

  private void connect(DefaultHttpRequest request) {
    var options = rule.originRequest();
    var timeout =
        options.connectTimeout() == null ? 30_000 : (int) options.connectTimeout().toMillis();
    var loop = stream.eventLoop();
    var channelType =
        target.unix()
            ? Transport.domainSocketChannel(loop).orElse(null)
            : Transport.socketChannel(loop);
    if (channelType == null) {
      fail(502, "unix socket origins need Linux (epoll): " + target);
      return;
    }
    stream.reading(false);
    new Bootstrap()
        .group(loop)
        .channel(channelType)
        .resolver(pool.resolver(loop))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, timeout))
        .option(ChannelOption.AUTO_READ, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
        .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (target.tls()) {
                  var sni =
                      options.originServerName() != null
                          ? options.originServerName()
                          : target.defaultHost();
                  var ssl = pool.tls(Boolean.TRUE.equals(options.noTLSVerify()));
                  ch.pipeline()
                      .addLast(
                          target.unix()
                              ? ssl.newHandler(ch.alloc())
                              : ssl.newHandler(ch.alloc(), sni, target.port()));
                }
                ch.pipeline().addLast(CODEC, new HttpClientCodec(4096, 16 * 1024, MAX_CHUNK));
                ch.pipeline().addLast(LINK, new OriginLink(new ResponseFromOrigin()));
              }
            })
        .connect(target.address())
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                var timedOut = connected.cause() instanceof ConnectTimeoutException;
                fail(
                    timedOut ? 504 : 502,
                    (timedOut
                            ? "the origin did not answer in time: "
                            : "the origin is unreachable: ")
                        + target);
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
    stream.reading(true);
  }

  @Override
  public void fromEdge(Http2StreamFrame frame) {
    if (!(frame instanceof Http2DataFrame) && !(frame instanceof Http2HeadersFrame)) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (origin == null) {
      pending.add(frame);
      return;
    }
    writeToOrigin(frame);
    stream.pauseWhileOriginFull(origin);
  }

  @Override
  public void edgeReadComplete() {
    if (origin != null) {
      origin.flush();
    }
  }

  private void writeToOrigin(Http2StreamFrame frame) {
    if (frame instanceof Http2HeadersFrame) {
      endBodyAtTrailers();
      return;
    }
    var data = (Http2DataFrame) frame;
    if (upgraded) {
      // The upgraded connection carries raw bytes; the end of the edge's side ends ours.
      if (data.content().isReadable()) {
        origin.write(data.content());
      } else {
        data.release();
      }
      if (data.isEndStream()) {
        origin.flush();
        origin.close();
      }
      return;
    }
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

  /**
   * HEADERS after the request's first are its trailers, and end its body (RFC 9113 8.1). The fields
   * themselves are dropped: HTTP/1.1 origins often refuse a chunked body with trailers (the JDK's
   * own server closes the connection), and RFC 9110 (6.5) lets a recipient discard them. Before, a
   * body ended by trailers never ended at the origin.
   */
  private void endBodyAtTrailers() {
    if (upgraded || !hasBody || requestSent) {
      return;
    }
    origin.write(LastHttpContent.EMPTY_LAST_CONTENT);
    requestSent = true;
  }

  @Override
  public void edgeWritabilityChanged(boolean writable) {
    if (origin != null) {
      Backpressure.follow(writable, origin);
    }
  }

  @Override
  public void edgeClosed() {
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    if (origin != null && (!done || upgraded)) {
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
    metrics.answered(status);
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
      if (upgraded) {
        if (msg instanceof ByteBuf bytes) {
          stream.write(new DefaultHttp2DataFrame(bytes));
          pauseWhenStreamIsFull(ctx);
        } else {
          ReferenceCountUtil.release(msg);
        }
        return;
      }
      try {
        if (msg instanceof HttpResponse response) {
          var switching =
              upgrade != null
                  && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
          var headers =
              new DefaultHttp2Headers()
                  .status(switching ? "200" : Integer.toString(response.status().code()));
          for (var header : response.headers()) {
            if (!Streams.isHopByHop(header.getKey())) {
              headers.add(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
            }
          }
          responseStarted = true;
          metrics.answered(response.status().code());
          reusable = HttpUtil.isKeepAlive(response);
          if (switching) {
            // HTTP/2 has no 101: the edge reads this header as "switched" and tells its client.
            headers.set(Streams.UPGRADED, upgrade);
            headers.remove("content-length");
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers));
            upgraded = true;
            requestSent = true;
            // From here on both directions are raw bytes: the HTTP codec steps aside.
            ctx.pipeline().remove(CODEC);
            return;
          }
          stream.write(new DefaultHttp2HeadersFrame(headers));
        }
        if (msg instanceof HttpContent content) {
          boolean last = content instanceof LastHttpContent;
          stream.write(new DefaultHttp2DataFrame(content.content().retain(), last));
          if (last) {
            stream.flush();
            done = true;
            if (reusable && requestSent && ctx.channel().isActive()) {
              // Whole request out, whole answer in: the connection can serve the next request.
              ((OriginLink) ctx.handler()).idle();
              ctx.channel().config().setAutoRead(true);
              pool.give(
                  ctx.channel().eventLoop(),
                  target.poolKey(),
                  ctx.channel(),
                  Math.max(1, keepAliveConnections()));
            } else {
              ctx.close();
            }
          } else {
            pauseWhenStreamIsFull(ctx);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void pauseWhenStreamIsFull(ChannelHandlerContext ctx) {
      stream.pauseOriginWhileFull(ctx.channel());
    }

    /** One flush per batch of reads: a frame per read, not a system call per frame. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (!done) {
        stream.flush();
      }
      ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      stream.reading(ctx.channel().isWritable());
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (upgraded) {
        if (stream.isActive()) {
          stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
        }
        done = true;
        return;
      }
      if (!done) {
        fail(502, "the origin closed the connection before answering");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!done && !upgraded) {
        fail(502, "the origin failed: " + cause.getClass().getSimpleName());
      }
      ctx.close();
    }
  }
}
