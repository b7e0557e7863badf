package dev.outpost.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Detects a dead peer on a tunnel connection, on either side: after {@code interval} without
 * traffic either way it sends an HTTP/2 PING (which the peer acknowledges by itself); after {@code
 * deadline} without reading anything it closes the connection. A half-open TCP connection (a peer
 * that vanished, a network that dropped) is so noticed within the deadline, and the connector
 * reconnects.
 */
public final class Heartbeat extends ChannelInboundHandlerAdapter {

  /** PING after 1 s of silence; give up after 5 s without a byte from the peer. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  public static final Duration DEADLINE = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  /**
   * Installs the heartbeat on a connection whose HTTP/2 codec is named {@code codecName}: the idle
   * detector before the codec (it watches raw bytes), the PING sender after it (PINGs are frames
   * the codec must encode).
   */
  public static void install(
      ChannelPipeline pipeline, String codecName, Duration interval, Duration deadline) {
    pipeline.addBefore(
        codecName,
        "idle",
        new IdleStateHandler(deadline.toMillis(), 0, interval.toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addAfter(codecName, "heartbeat", new Heartbeat());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        LOG.info(
            () ->
                "no sign of life from "
                    + ctx.channel().remoteAddress()
                    + "; closing the connection");
        ctx.close();
      } else if (idle.state() == IdleState.ALL_IDLE) {
        ctx.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2PingFrame) {
      ReferenceCountUtil.release(msg); // acknowledged by the codec already; nothing else to do
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
