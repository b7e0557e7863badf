package dev.outpost.protocol.edge;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.Heartbeat;
import dev.outpost.protocol.Streams;
import dev.outpost.protocol.TunnelConnectionTuning;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The edge's tunnel listener: connectors dial in over TLS; once the handshake is done the edge
 * speaks HTTP/2 as the client on that connection (roles reversed: the connector serves), says
 * hello, checks the connector's credentials and tells it the verdict. A registered connection joins
 * the {@link ConnectionRegistry}.
 */
public final class EdgeServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EdgeServer.class.getName());
  static final int PROTOCOL_VERSION = 1;

  private final EventLoopGroup group;
  private final SslContext ssl;
  private final Registrar registrar;
  private final ConnectionRegistry registry;
  private final String routerId;
  private Duration heartbeatInterval = Heartbeat.INTERVAL;
  private Duration heartbeatDeadline = Heartbeat.DEADLINE;
  private Channel server;

  public EdgeServer(
      EventLoopGroup group,
      SslContext ssl,
      Registrar registrar,
      ConnectionRegistry registry,
      String routerId) {
    this.group = group;
    this.ssl = ssl;
    this.registrar = registrar;
    this.registry = registry;
    this.routerId = routerId;
  }

  /** Changes how quickly a silent connector is given up (tests shorten it). */
  public EdgeServer heartbeat(Duration interval, Duration deadline) {
    this.heartbeatInterval = interval;
    this.heartbeatDeadline = deadline;
    return this;
  }

  /** Starts listening; port 0 picks a free port. */
  public InetSocketAddress bind(InetSocketAddress address) throws InterruptedException {
    server = TunnelConnectionTuning.listen(group, ssl, AfterHandshake::new, address);
    return (InetSocketAddress) server.localAddress();
  }

  /** HTTP/2 goes on only after TLS is up, so nothing reads the channel before the handshake. */
  private final class AfterHandshake extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
          ctx.close();
          return;
        }
        TunnelConnectionTuning.installAfterHandshake(
            ctx.pipeline(), true, heartbeatInterval, heartbeatDeadline, null);
        ctx.pipeline().remove(this);
        register(ctx.channel());
      }
      super.userEventTriggered(ctx, event);
    }
  }

  private void register(Channel channel) {
    var address = (InetSocketAddress) channel.remoteAddress();
    call(
            channel,
            Streams.request("POST", Control.HELLO),
            Control.write(new Control.Hello(routerId, PROTOCOL_VERSION)))
        .addListener(
            (Future<Streams.Message> hello) -> {
              if (!hello.isSuccess() || hello.getNow().status() != 200) {
                channel.close();
                return;
              }
              Control.Credentials credentials;
              try {
                credentials = Control.read(hello.getNow().body(), Control.Credentials.class);
              } catch (IllegalArgumentException e) {
                channel.close();
                return;
              }
              var verdict = registrar.verify(credentials, address);
              var connection =
                  verdict.registered()
                      ? new TunnelConnection(
                          channel,
                          verdict.connectionId(),
                          credentials.tunnelId(),
                          credentials.tenantId(),
                          credentials.connectorId(),
                          credentials.connIndex(),
                          credentials.version(),
                          credentials.platform(),
                          address.getAddress().getHostAddress(),
                          credentials.haConnections())
                      : null;
              call(channel, Streams.request("POST", Control.REGISTRATION), Control.write(verdict))
                  .addListener(
                      told -> {
                        if (connection == null || !told.isSuccess()) {
                          // Refused: the connector has read why; close shortly after.
                          channel
                              .eventLoop()
                              .schedule(() -> channel.close(), 200, TimeUnit.MILLISECONDS);
                          return;
                        }
                        registry.add(connection);
                        registrar.connected(connection);
                        channel
                            .closeFuture()
                            .addListener(
                                closed -> {
                                  registry.remove(connection);
                                  registrar.disconnected(connection, "connection closed");
                                });
                      });
            });
  }

  /** One control exchange on a new stream: the request, then the whole answer. */
  static Future<Streams.Message> call(
      Channel connection, io.netty.handler.codec.http2.Http2Headers headers, byte[] body) {
    var answer = connection.eventLoop().<Streams.Message>newPromise();
    new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(connection)
        .handler(new Streams.MessageCollector(answer))
        .open()
        .addListener(
            (Future<Http2StreamChannel> opened) -> {
              if (!opened.isSuccess()) {
                answer.tryFailure(opened.cause());
                return;
              }
              Streams.writeMessage(opened.getNow(), headers, body);
            });
    return answer;
  }

  /** Pushes a configuration version to one connection; completes with the version it applied. */
  public Future<Integer> pushConfiguration(
      TunnelConnection connection, Control.Configuration configuration) {
    var applied = connection.channel().eventLoop().<Integer>newPromise();
    call(
            connection.channel(),
            Streams.request("PUT", Control.CONFIGURATION),
            Control.write(configuration))
        .addListener(
            (Future<Streams.Message> answer) -> {
              if (!answer.isSuccess()) {
                applied.tryFailure(answer.cause());
              } else if (answer.getNow().status() != 200) {
                applied.tryFailure(
                    new IllegalStateException(
                        "connector refused configuration " + configuration.version()));
              } else {
                applied.trySuccess(
                    Control.read(answer.getNow().body(), Control.Applied.class).version());
              }
            });
    return applied;
  }

  public static UUID newConnectionId() {
    return UUID.randomUUID();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    LOG.fine("edge tunnel listener closed");
  }
}
