package dev.outpost.protocol.agent;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection to an origin, for its whole life: it hands what the origin sends
 * to the request the connection serves now, and drops anything that comes while it idles in the
 * pool. One handler per connection, rather than one added and removed per request, keeps the
 * pipeline alone on the hot path. Event-loop confined (the connection's loop).
 */
final class OriginLink extends ChannelInboundHandlerAdapter {

  private ChannelInboundHandler serving;
  private Runnable closedIdle;

  OriginLink(ChannelInboundHandler serving) {
    this.serving = serving;
  }

  /** The connection serves another request, whose handler takes the answer. */
  void serve(ChannelInboundHandler next) {
    serving = next;
    closedIdle = null;
  }

  /** What to do if the origin closes the connection while it idles (leave the pool). */
  void whenClosedIdle(Runnable action) {
    closedIdle = action;
  }

  /** The answer is whole: the connection goes back to the pool. */
  void idle() {
    serving = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (serving == null) {
      ReferenceCountUtil.release(msg); // nothing asked: an idle connection has nothing to say
      return;
    }
    serving.channelRead(ctx, msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (serving == null) {
      ctx.fireChannelReadComplete();
      return;
    }
    serving.channelReadComplete(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (serving == null) {
      ctx.fireChannelWritabilityChanged();
      return;
    }
    serving.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (serving != null) {
      serving.channelInactive(ctx);
    } else if (closedIdle != null) {
      closedIdle.run();
      closedIdle = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (serving == null) {
      ctx.close();
      return;
    }
    serving.exceptionCaught(ctx, cause);
  }
}
