package dev.outpost.protocol.edge;

import dev.outpost.protocol.Heartbeat;
import dev.outpost.protocol.Transport;
import dev.outpost.protocol.TunnelConnectionTuning;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This edge's links to peer routers, for requests of tunnels that have no connection here: one TLS
 * + HTTP/2 connection per peer (this edge the client, presenting its own certificate; see {@link
 * PeerTls}), opened on first use, kept while it lives, opened again after it dies. A request goes
 * over it as a stream, with its tunnel named in {@link #TUNNEL}. Thread-safe.
 */
public final class PeerLinks implements AutoCloseable {

  /**
   * The header that names the tunnel to the peer. Clients cannot send it: the edge removes every
   * {@code outpost-*} header a client sent before forwarding.
   */
  public static final String TUNNEL = "outpost-peer-tunnel";

  private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

  private final EventLoopGroup group;
  private final SslContext tls;
  private final Peers peers;
  private final ConcurrentHashMap<InetSocketAddress, Future<Channel>> links =
      new ConcurrentHashMap<>();
  // Peers are often named (a Kubernetes service, a host name): resolved without blocking a loop.
  private final DnsAddressResolverGroup resolver;

  public PeerLinks(EventLoopGroup group, SslContext tls, Peers peers) {
    this.group = Objects.requireNonNull(group);
    this.tls = Objects.requireNonNull(tls);
    this.peers = Objects.requireNonNull(peers);
    this.resolver =
        new DnsAddressResolverGroup(
            Transport.datagramChannel(group), DnsServerAddressStreamProviders.platformDefault());
  }

  /** Where a request of {@code tunnel} can go through a peer, if any peer has a connection. */
  Optional<StreamTarget> target(UUID tunnel) {
    return peers.peerFor(tunnel).map(address -> new PeerTarget(address, tunnel));
  }

  /** Links open or opening now, for tests and metrics. */
  public int links() {
    return links.size();
  }

  private Future<Channel> link(InetSocketAddress address) {
    return links.compute(address, (peer, current) -> usable(current) ? current : connect(peer));
  }

  private static boolean usable(Future<Channel> link) {
    return link != null && (!link.isDone() || link.isSuccess() && link.getNow().isActive());
  }

  private Future<Channel> connect(InetSocketAddress address) {
    Promise<Channel> ready = ImmediateEventExecutor.INSTANCE.newPromise();
    new Bootstrap()
        .group(group)
        .channel(Transport.socketChannel(group))
        .resolver(resolver)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Transport.WATER_MARK)
        .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.READS)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        "tls",
                        tls.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                ch.pipeline().addLast("handshake", new AfterHandshake(ready));
              }
            })
        .connect(address)
        .addListener(
            connected -> {
              if (!connected.isSuccess()) {
                ready.tryFailure(connected.cause());
              }
            });
    // Forgotten when it fails or ends, so the next request opens a new one. Never from inside
    // link()'s compute (a failure may be known at once): the map must not change under it.
    Runnable forget = () -> group.execute(() -> links.remove(address, ready));
    ready.addListener(
        (Future<Channel> done) -> {
          if (done.isSuccess()) {
            done.getNow().closeFuture().addListener(closed -> forget.run());
          } else {
            forget.run();
          }
        });
    return ready;
  }

  /** HTTP/2 goes on once TLS is up; this edge is the client and opens the streams. */
  private static final class AfterHandshake extends ChannelInboundHandlerAdapter {
    private final Promise<Channel> ready;

    AfterHandshake(Promise<Channel> ready) {
      this.ready = ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
          ready.tryFailure(handshake.cause());
          ctx.close();
          return;
        }
        TunnelConnectionTuning.installAfterHandshake(
            ctx.pipeline(), true, Heartbeat.INTERVAL, Heartbeat.DEADLINE, null);
        ctx.pipeline().remove(this);
        ready.trySuccess(ctx.channel());
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ready.tryFailure(new IllegalStateException("the peer closed the link during its handshake"));
      ctx.fireChannelInactive();
    }
  }

  /** A request of {@code tunnel} through the peer at {@code address}. */
  private final class PeerTarget implements StreamTarget {
    private final InetSocketAddress address;
    private final UUID tunnel;

    PeerTarget(InetSocketAddress address, UUID tunnel) {
      this.address = address;
      this.tunnel = tunnel;
    }

    @Override
    public Future<Http2StreamChannel> openStream(ChannelHandler handler) {
      Promise<Http2StreamChannel> opened = ImmediateEventExecutor.INSTANCE.newPromise();
      link(address)
          .addListener(
              (Future<Channel> link) -> {
                if (!link.isSuccess()) {
                  opened.tryFailure(link.cause());
                  return;
                }
                new Http2StreamChannelBootstrap(link.getNow())
                    .handler(handler)
                    .open()
                    .addListener(
                        (Future<Http2StreamChannel> stream) -> {
                          if (stream.isSuccess()) {
                            opened.trySuccess(stream.getNow());
                          } else {
                            opened.tryFailure(stream.cause());
                          }
                        });
              });
      return opened;
    }

    @Override
    public void address(Http2Headers headers) {
      headers.set(TUNNEL, tunnel.toString());
    }
  }

  @Override
  public void close() {
    links
        .values()
        .forEach(
            link ->
                link.addListener(
                    done -> {
                      if (done.isSuccess()) {
                        ((Channel) done.getNow()).close();
                      }
                    }));
    links.clear();
    resolver.close();
  }
}
