package dev.outpost.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Origins the JDK's HTTP server cannot play: a WebSocket echo and an HTTP server on a socket. */
final class TestOrigins {

  private TestOrigins() {}

  /** A running origin: a TCP port or a unix socket path. */
  record Origin(Channel channel, int port, String path) implements AutoCloseable {
    @Override
    public void close() {
      channel.close().syncUninterruptibly();
    }
  }

  /** Answers every text message on {@code /ws} with {@code "echo: " + message}. */
  static Origin webSocketEcho(EventLoopGroup group) throws InterruptedException {
    var channel =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverChannel(group))
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65536),
                            new WebSocketServerProtocolHandler("/ws"),
                            new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
    return new Origin(channel, ((InetSocketAddress) channel.localAddress()).getPort(), null);
  }

  /** A TCP service that sends back every byte it receives, as an ssh server stand-in. */
  static Origin tcpEcho(EventLoopGroup group) throws InterruptedException {
    var channel =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverChannel(group))
            .childHandler(
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                  @Override
                  public boolean isSharable() {
                    return true;
                  }

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush(msg);
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
    return new Origin(channel, ((InetSocketAddress) channel.localAddress()).getPort(), null);
  }

  /** An HTTP server on a unix socket in {@code folder}: "hello over a unix socket: PATH". */
  static Origin unixSocketHello(EventLoopGroup group, Path folder) throws InterruptedException {
    var path = folder.resolve("origin.sock").toString();
    var channel =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerDomainSocketChannel.class)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65536),
                            new SimpleChannelInboundHandler<FullHttpRequest>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, FullHttpRequest request) {
                                var body =
                                    ("hello over a unix socket: " + request.uri())
                                        .getBytes(StandardCharsets.UTF_8);
                                var response =
                                    new DefaultFullHttpResponse(
                                        HttpVersion.HTTP_1_1,
                                        HttpResponseStatus.OK,
                                        Unpooled.wrappedBuffer(body));
                                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                ctx.writeAndFlush(response)
                                    .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                              }
                            });
                  }
                })
            .bind(new DomainSocketAddress(path))
            .sync()
            .channel();
    return new Origin(channel, 0, path);
  }
}
