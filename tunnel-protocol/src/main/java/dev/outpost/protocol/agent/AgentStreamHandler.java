package dev.outpost.protocol.agent;

import dev.outpost.protocol.Control;
import dev.outpost.protocol.Streams;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One stream the edge opened: a control exchange (hello, verdict, configuration) or a public
 * request for an origin. Event-loop confined.
 */
final class AgentStreamHandler extends ChannelInboundHandlerAdapter {

  private final Control.Credentials credentials;
  private final Consumer<Control.Verdict> onVerdict;
  private final OriginProxy proxy;
  private OriginExchange exchange;
  private Streams.MessageCollector control;

  AgentStreamHandler(
      Control.Credentials credentials, Consumer<Control.Verdict> onVerdict, OriginProxy proxy) {
    this.credentials = credentials;
    this.onVerdict = onVerdict;
    this.proxy = proxy;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange != null) {
      exchange.fromEdge(msg);
      return;
    }
    if (control != null) {
      control.channelRead(ctx, msg);
      return;
    }
    if (!(msg instanceof Http2HeadersFrame headers)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    var path = headers.headers().path() == null ? "" : headers.headers().path().toString();
    if (path.startsWith(Control.PREFIX)) {
      var message = ctx.executor().<Streams.Message>newPromise();
      message.addListener((Future<Streams.Message> whole) -> answerControl(ctx, whole));
      control = new Streams.MessageCollector(message);
      control.channelRead(ctx, msg);
      return;
    }
    proxy.metrics().started();
    exchange = proxy.open(ctx.channel(), headers);
  }

  private void answerControl(ChannelHandlerContext ctx, Future<Streams.Message> whole) {
    if (!whole.isSuccess()) {
      ctx.close();
      return;
    }
    var message = whole.getNow();
    switch (message.path()) {
      case Control.HELLO ->
          Streams.writeMessage(ctx.channel(), Streams.response(200), Control.write(credentials));
      case Control.REGISTRATION -> {
        Control.Verdict verdict;
        try {
          verdict = Control.read(message.body(), Control.Verdict.class);
        } catch (IllegalArgumentException e) {
          Streams.writeMessage(ctx.channel(), Streams.response(400), new byte[0]);
          return;
        }
        Streams.writeMessage(ctx.channel(), Streams.response(204), new byte[0]);
        onVerdict.accept(verdict);
      }
      case Control.CONFIGURATION -> {
        try {
          var configuration = Control.read(message.body(), Control.Configuration.class);
          int applied = proxy.apply(configuration.version(), configuration.config());
          Streams.writeMessage(
              ctx.channel(), Streams.response(200), Control.write(new Control.Applied(applied)));
        } catch (IllegalArgumentException e) {
          Streams.writeMessage(ctx.channel(), Streams.response(422), new byte[0]);
        }
      }
      default -> Streams.writeMessage(ctx.channel(), Streams.response(404), new byte[0]);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.edgeReadComplete();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.edgeWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (exchange != null) {
      proxy.metrics().finished();
      exchange.edgeClosed();
    }
    if (control != null) {
      control.channelInactive(ctx);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** One public request being served; see {@link OriginProxy#open}. */
  interface OriginExchange {
    /** A frame of the request body from the edge; the exchange owns (releases) it. */
    void fromEdge(Object frame);

    /** The edge's frames of this read are all in: the time to flush what they caused. */
    default void edgeReadComplete() {}

    void edgeWritabilityChanged(boolean writable);

    void edgeClosed();
  }

  static boolean isData(Object msg) {
    return msg instanceof Http2DataFrame;
  }
}
