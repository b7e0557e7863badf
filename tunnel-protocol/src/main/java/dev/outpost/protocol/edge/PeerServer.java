package dev.outpost.protocol.edge;

import dev.outpost.protocol.Heartbeat;
import dev.outpost.protocol.TunnelConnectionTuning;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;

/**
 * The edge's listener for peer routers (see {@link PeerLinks}): mutual TLS ({@link PeerTls}), then
 * HTTP/2 with the peer as the client; every stream is a request for a tunnel that has a connection
 * on this edge ({@link PeerStreamHandler}).
 */
public final class PeerServer implements AutoCloseable {

  private final EventLoopGroup group;
  private final SslContext tls;
  private final ConnectionRegistry registry;
  private Channel server;

  /**
   * @param tls from {@link PeerTls#server}: a peer without a certificate of the CA is refused
   */
  public PeerServer(EventLoopGroup group, SslContext tls, ConnectionRegistry registry) {
    this.group = group;
    this.tls = tls;
    this.registry = registry;
  }

  /** Starts listening; port 0 picks a free port. */
  public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
    server = TunnelConnectionTuning.listen(group, tls, AfterHandshake::new, address);
    return (InetSocketAddress) server.localAddress();
  }

  /** HTTP/2 goes on only after TLS is up: nothing reads a peer's bytes before its certificate. */
  private final class AfterHandshake extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
          ctx.close();
          return;
        }
        TunnelConnectionTuning.installAfterHandshake(
            ctx.pipeline(),
            false,
            Heartbeat.INTERVAL,
            Heartbeat.DEADLINE,
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new PeerStreamHandler(registry));
              }
            });
        ctx.pipeline().remove(this);
      }
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }
}
