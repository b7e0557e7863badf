package dev.outpost.protocol.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.util.UUID;

/**
 * One request a peer router forwards: the peer already routed it, checked access and added the
 * forwarding headers, and names the tunnel in {@link PeerLinks#TUNNEL}. It goes to one of this
 * edge's own connections of that tunnel, never on to another peer, so a request crosses at most one
 * link. The answer goes back unfiltered: the peer filters it for its client. Event-loop confined
 * (the peer link's loop).
 */
final class PeerStreamHandler extends StreamForwarder {

  private final ConnectionRegistry registry;

  PeerStreamHandler(ConnectionRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void onRequest(ChannelHandlerContext ctx, Http2HeadersFrame request) {
    var named = request.headers().get(PeerLinks.TUNNEL);
    UUID tunnel;
    try {
      tunnel = UUID.fromString(String.valueOf(named));
    } catch (IllegalArgumentException e) {
      answer(ctx, 400, "a peer request names its tunnel in " + PeerLinks.TUNNEL);
      return;
    }
    var headers = new DefaultHttp2Headers().add(request.headers());
    headers.remove(PeerLinks.TUNNEL);
    var connection = registry.pick(tunnel, ctx.channel().parent().eventLoop());
    if (connection.isEmpty()) {
      answer(
          ctx,
          502,
          "The tunnel for "
              + headers.authority()
              + " is down: no connector is connected to it right now.");
      return;
    }
    forward(ctx, connection.get(), headers, request.isEndStream());
  }

  @Override
  protected boolean passes(CharSequence name) {
    return true;
  }
}
