package dev.outpost.protocol.agent;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.Heartbeat;
import dev.outpost.protocol.Transport;
import dev.outpost.protocol.TunnelConnectionTuning;
import dev.outpost.protocol.TunnelToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * One outbound connection of a connector to an edge: TLS (the edge's certificate is verified), then
 * HTTP/2 with the connector as the server. The edge opens the streams: first its hello and verdict,
 * then one per public request, which {@link EdgeStreams} serves.
 */
public final class ConnectorClient {

  private final EventLoopGroup group;
  private final SslContext ssl;
  private final TunnelToken token;
  private final UUID connectorId;
  private final String version;
  private final OriginProxy proxy;
  private Duration heartbeatInterval = Heartbeat.INTERVAL;
  private Duration heartbeatDeadline = Heartbeat.DEADLINE;
  private int haConnections;

  public ConnectorClient(
      EventLoopGroup group,
      SslContext ssl,
      TunnelToken token,
      UUID connectorId,
      String version,
      OriginProxy proxy) {
    this.group = group;
    this.ssl = ssl;
    this.token = token;
    this.connectorId = connectorId;
    this.version = version;
    this.proxy = proxy;
  }

  /**
   * How many connections this connector means to hold; the edge reports it with each connection, so
   * the platform can tell a tunnel that lost some of them (degraded) from a healthy one.
   */
  public ConnectorClient haConnections(int count) {
    this.haConnections = count;
    return this;
  }

  /** Changes how quickly a silent edge is given up (tests shorten it). */
  public ConnectorClient heartbeat(Duration interval, Duration deadline) {
    this.heartbeatInterval = interval;
    this.heartbeatDeadline = deadline;
    return this;
  }

  /** The edge's verdict on a connection, and the connection itself. */
  public record Registered(Channel channel, Control.Verdict verdict) {}

  /**
   * Dials {@code edge} as HA connection {@code connIndex}; completes once the edge said whether the
   * connection is registered (the channel is then closed by the edge if it was refused).
   */
  public Future<Registered> connect(InetSocketAddress edge, String serverName, int connIndex) {
    // One event loop for the connection and its promise: taking next() twice put every
    // connection of a two-loop group on the same loop.
    var loop = group.next();
    var verdict = loop.<Registered>newPromise();
    var credentials =
        new Control.Credentials(
            token.tenantId(),
            token.tunnelId(),
            Base64.getEncoder().encodeToString(token.secret()),
            connectorId,
            connIndex,
            version,
            System.getProperty("os.name").toLowerCase().replace(' ', '_')
                + "_"
                + System.getProperty("os.arch"),
            haConnections);
    new Bootstrap()
        .group(loop)
        .channel(Transport.socketChannel(loop))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
        .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast("tls", ssl.newHandler(ch.alloc(), serverName, edge.getPort()));
                ch.pipeline().addLast("handshake", new AfterHandshake(credentials, verdict));
              }
            })
        .connect(edge)
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                verdict.tryFailure(connected.cause());
              }
            });
    return verdict;
  }

  /** HTTP/2 only after TLS is up: nothing must read the channel before the handshake. */
  private final class AfterHandshake extends ChannelInboundHandlerAdapter {
    private final Control.Credentials credentials;
    private final Promise<Registered> verdict;

    AfterHandshake(Control.Credentials credentials, Promise<Registered> verdict) {
      this.credentials = credentials;
      this.verdict = verdict;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
          verdict.tryFailure(handshake.cause());
          ctx.close();
          return;
        }
        var channel = ctx.channel();
        TunnelConnectionTuning.installAfterHandshakeWith(
            ctx.pipeline(),
            false,
            heartbeatInterval,
            heartbeatDeadline,
            new EdgeStreams(
                credentials, v -> verdict.trySuccess(new Registered(channel, v)), proxy));
        ctx.pipeline().remove(this);
        channel
            .closeFuture()
            .addListener(
                closed ->
                    verdict.tryFailure(
                        new IllegalStateException(
                            "the edge closed the connection before its verdict")));
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      verdict.tryFailure(cause);
      ctx.close();
    }
  }
}
