package dev.outpost.protocol.edge;

import dev.outpost.protocol.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The edge's public listeners: each request goes to a live connection of its tunnel. The plain
 * listener speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge or {@code Upgrade: h2c}); the TLS
 * listener picks its certificate by SNI and offers HTTP/2 and HTTP/1.1 by ALPN.
 */
public final class PublicServer implements AutoCloseable {

  private final EventLoopGroup group;
  private final TunnelRoutes routes;
  private final Function<String, Optional<UUID>> tunnelOfHost;
  private final List<Channel> listeners = new ArrayList<>();
  private volatile EdgeGate gate = EdgeGate.OPEN;

  /**
   * @param tunnelOfHost the routing view: which tunnel serves a request host (port stripped)
   */
  public PublicServer(
      EventLoopGroup group,
      ConnectionRegistry registry,
      Function<String, Optional<UUID>> tunnelOfHost) {
    this.group = group;
    this.routes = new TunnelRoutes(registry);
    this.tunnelOfHost = tunnelOfHost;
  }

  /**
   * Turns peering on: a request for a tunnel with no connection on this edge goes to a peer router
   * that has one. Set before binding.
   */
  public PublicServer peers(PeerLinks peers) {
    routes.peers(peers);
    return this;
  }

  /** Puts access control in front of every request; set before binding. */
  public PublicServer gate(EdgeGate gate) {
    this.gate = Objects.requireNonNull(gate);
    return this;
  }

  /** Starts the plain listener (HTTP/1.1 and h2c); port 0 picks a free port. */
  public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
    return listen(
        address,
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            var http1 = new HttpServerCodec();
            var upgrade =
                new BodylessH2cUpgrade(
                    http1,
                    protocol ->
                        AsciiString.contentEquals(
                                Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                            ? new Http2ServerUpgradeCodec(http2(), streams(false))
                            : null);
            ch.pipeline()
                .addLast(
                    new CleartextHttp2ServerUpgradeHandler(
                        http1,
                        upgrade,
                        new ChannelInitializer<>() {
                          @Override
                          protected void initChannel(Channel h2) {
                            // A client with prior knowledge speaks HTTP/2 from its first byte:
                            // the HTTP/1.1 handler at the end of the pipeline would swallow it.
                            h2.pipeline().remove(PublicRequestHandler.class);
                            h2.pipeline().addLast(http2(), streams(false));
                          }
                        }));
            ch.pipeline().addLast(new PublicRequestHandler(routes, tunnelOfHost, gate, false));
          }
        });
  }

  /** Starts the TLS listener with these certificates; port 0 picks a free port. */
  public InetSocketAddress bindTls(InetSocketAddress address, PublicCertificates certificates)
      throws InterruptedException {
    return listen(
        address,
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new SniHandler(certificates.mapping()));
            ch.pipeline().addLast(new ByAlpn());
          }
        });
  }

  private InetSocketAddress listen(InetSocketAddress address, ChannelHandler initializer)
      throws InterruptedException {
    var listener =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverChannel(group))
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
            .childHandler(initializer)
            .bind(address)
            .sync()
            .channel();
    synchronized (listeners) {
      listeners.add(listener);
    }
    return (InetSocketAddress) listener.localAddress();
  }

  /**
   * Upgrades to h2c only a request without a body: Netty's upgrade holds the whole request in
   * memory, so one with a body stays HTTP/1.1 and streams (the client's next request upgrades).
   */
  private static final class BodylessH2cUpgrade extends HttpServerUpgradeHandler {
    BodylessH2cUpgrade(HttpServerCodec http1, UpgradeCodecFactory codecs) {
      super(http1, codecs);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out)
        throws Exception {
      if (msg instanceof HttpRequest request
          && request.headers().containsValue(HttpHeaderNames.UPGRADE, "h2c", true)
          && (HttpUtil.getContentLength(request, 0L) > 0
              || HttpUtil.isTransferEncodingChunked(request))) {
        request.headers().remove(HttpHeaderNames.UPGRADE);
        request.headers().remove(Http2CodecUtil.HTTP_UPGRADE_SETTINGS_HEADER);
      }
      super.decode(ctx, msg, out);
    }
  }

  /** After the TLS handshake: HTTP/2 or HTTP/1.1, as the client and we agreed. */
  private final class ByAlpn extends ApplicationProtocolNegotiationHandler {
    ByAlpn() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      ChannelPipeline pipeline = ctx.pipeline();
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        pipeline.addLast(http2(), streams(true));
      } else {
        pipeline.addLast(PublicRequestHandler.CODEC, new HttpServerCodec());
        pipeline.addLast(new PublicRequestHandler(routes, tunnelOfHost, gate, true));
      }
    }
  }

  private static Http2FrameCodec http2() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(
            Http2Settings.defaultSettings()
                .initialWindowSize(1024 * 1024)
                .maxConcurrentStreams(256))
        .build();
  }

  private Http2MultiplexHandler streams(boolean tls) {
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast(new PublicStreamHandler(routes, tunnelOfHost, gate, tls));
          }
        });
  }

  @Override
  public void close() {
    synchronized (listeners) {
      listeners.forEach(listener -> listener.close().syncUninterruptibly());
      listeners.clear();
    }
  }
}
