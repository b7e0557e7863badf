package dev.outpost.protocol.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The edge's public HTTP/1.1 listener: each request goes to a live connection of its tunnel. */
public final class PublicServer implements AutoCloseable {

  private final EventLoopGroup group;
  private final ConnectionRegistry registry;
  private final Function<String, Optional<UUID>> tunnelOfHost;
  private Channel server;

  /**
   * @param tunnelOfHost the routing view: which tunnel serves a request host (port stripped)
   */
  public PublicServer(
      EventLoopGroup group,
      ConnectionRegistry registry,
      Function<String, Optional<UUID>> tunnelOfHost) {
    this.group = group;
    this.registry = registry;
    this.tunnelOfHost = tunnelOfHost;
  }

  public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec());
                    ch.pipeline().addLast(new PublicRequestHandler(registry, tunnelOfHost));
                  }
                })
            .bind(address)
            .sync()
            .channel();
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }
}
