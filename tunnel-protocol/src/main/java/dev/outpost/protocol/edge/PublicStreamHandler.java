package dev.outpost.protocol.edge;

import dev.outpost.protocol.Streams;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One stream of a public HTTP/2 client: routed by its host to its tunnel, behind the gate, with the
 * forwarding headers added, then relayed frame for frame ({@link StreamForwarder}). Event-loop
 * confined (the public connection's loop).
 */
final class PublicStreamHandler extends StreamForwarder {

  private final TunnelRoutes routes;
  private final Function<String, Optional<UUID>> tunnelOfHost;
  private final EdgeGate gate;
  private final boolean tls;

  PublicStreamHandler(
      TunnelRoutes routes,
      Function<String, Optional<UUID>> tunnelOfHost,
      EdgeGate gate,
      boolean tls) {
    this.routes = routes;
    this.tunnelOfHost = tunnelOfHost;
    this.gate = gate;
    this.tls = tls;
  }

  @Override
  protected void onRequest(ChannelHandlerContext ctx, Http2HeadersFrame request) {
    var in = request.headers();
    // A Host header, where a client or an intermediary sent one, names the site; else :authority.
    var authority = in.get("host") != null ? in.get("host") : in.authority();
    if (authority == null) {
      answer(ctx, 400, "an :authority is required");
      return;
    }
    var host = PublicRequestHandler.stripPort(authority.toString()).toLowerCase();
    var tunnel = tunnelOfHost.apply(host);
    if (tunnel.isEmpty()) {
      answer(ctx, 404, "No tunnel serves " + host + ".");
      return;
    }
    var parent = ctx.channel().parent();
    Http2Headers headers = new DefaultHttp2Headers();
    boolean clientSentOurs = false;
    for (var header : in) {
      var name = header.getKey();
      if (name.length() > 0 && name.charAt(0) == ':' || !Streams.isHopByHop(name)) {
        clientSentOurs |= ForwardedHeaders.isOurs(name);
        headers.add(name, header.getValue());
      }
    }
    headers.scheme(tls ? "https" : "http").authority(authority);
    var client = ((InetSocketAddress) parent.remoteAddress()).getAddress().getHostAddress();
    ForwardedHeaders.add(headers, client, tls, authority);
    var endStream = request.isEndStream();
    var method = in.method() == null ? "" : in.method().toString();
    var target = in.path() == null ? "" : in.path().toString();
    var verdict =
        gate.check(new EdgeGate.Request(host, tunnel.get(), method, target, headers, client, tls))
            .toCompletableFuture();
    boolean sentOurs = clientSentOurs;
    if (verdict.isDone()) {
      // Decided from memory, the common case: no hop, reading never paused.
      EdgeGate.Verdict decision = null;
      Throwable failure = null;
      try {
        decision = verdict.join();
      } catch (RuntimeException e) {
        failure = e;
      }
      decided(ctx, tunnel.get(), host, headers, sentOurs, endStream, decision, failure);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    verdict.whenComplete(
        (decision, failure) ->
            ctx.executor()
                .execute(
                    () ->
                        decided(
                            ctx,
                            tunnel.get(),
                            host,
                            headers,
                            sentOurs,
                            endStream,
                            decision,
                            failure)));
  }

  /** The gate has decided: answer for it, or send the stream on to a connection of its tunnel. */
  private void decided(
      ChannelHandlerContext ctx,
      UUID tunnel,
      String host,
      Http2Headers headers,
      boolean clientSentOurs,
      boolean endStream,
      EdgeGate.Verdict verdict,
      Throwable failure) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (failure != null || verdict == null) {
      answer(ctx, 503, "The access check is unavailable right now; try again.");
      return;
    }
    if (verdict instanceof EdgeGate.Answer answer) {
      answer(ctx, answer);
      return;
    }
    ForwardedHeaders.afterPass(headers, clientSentOurs, (EdgeGate.Pass) verdict);
    var target = routes.pick(tunnel, ctx.channel().parent().eventLoop());
    if (target.isEmpty()) {
      answer(
          ctx,
          502,
          "The tunnel for " + host + " is down: no connector is connected to it right now.");
      return;
    }
    forward(ctx, target.get(), headers, endStream);
  }

  @Override
  protected boolean passes(CharSequence name) {
    return ForwardedHeaders.passes(name);
  }
}
