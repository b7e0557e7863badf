package dev.outpost.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.ingress.IngressTable;
import dev.outpost.protocol.TunnelConnectionTuning;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connector's stream's flow control, on the real HTTP/2 codecs of both ends joined in memory: a
 * paused stream gives back no credit for what arrives, so the edge can send no more than its
 * window.
 */
class EdgeStreamTest {

  private static final int WINDOW = 1024 * 1024;
  private static final int SENT = 600 * 1024; // over half the window: credit for it is sent at once

  private final List<Http2HeadersFrame> requests = new ArrayList<>();
  private final List<Http2DataFrame> bodies = new ArrayList<>();
  private ChannelHandlerContext connection;
  private int resetsWritten;
  private final EmbeddedChannel connector =
      new EmbeddedChannel(
          TunnelConnectionTuning.codec(false),
          new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
              if (msg instanceof Http2ResetFrame) {
                resetsWritten++;
              }
              ctx.write(msg, promise);
            }
          },
          new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
              connection = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              if (msg instanceof Http2HeadersFrame headers) {
                requests.add(headers);
              } else if (msg instanceof Http2DataFrame data) {
                bodies.add(data);
              } else {
                ReferenceCountUtil.release(msg);
              }
            }
          });
  private final EmbeddedChannel edge =
      new EmbeddedChannel(
          TunnelConnectionTuning.codec(true),
          new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));

  @AfterEach
  void close() {
    bodies.forEach(ReferenceCountUtil::release);
    connector.finishAndReleaseAll();
    edge.finishAndReleaseAll();
  }

  @Test
  void aPausedStreamGivesBackNoCreditUntilItReadsAgain() {
    TunnelConnectionTuning.openConnectionWindow(connector.pipeline());
    pump();
    var request = new Http2StreamChannelBootstrap(edge).open();
    edge.runPendingTasks();
    Http2StreamChannel edgeStream = request.getNow();
    edgeStream.write(
        new DefaultHttp2HeadersFrame(
            new DefaultHttp2Headers().method("POST").path("/upload").scheme("https")));
    edgeStream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[SENT])));
    pump();
    assertThat(requests).hasSize(1);

    var codec = connector.pipeline().get(Http2FrameCodec.class).connection();
    var stream =
        new EdgeStream(
            connection, requests.get(0).stream(), codec, new VoidChannelPromise(connector, false));
    stream.opened(requests.get(0));
    stream.reading(false);
    bodies.forEach(stream::read); // no exchange: the frames are released, their credit counted
    bodies.clear();
    pump();

    var onConnector = codec.stream(requests.get(0).stream().id());
    var edgeCodec = edge.pipeline().get(Http2FrameCodec.class).connection();
    var onEdge = edgeCodec.stream(edgeStream.stream().id());
    assertThat(codec.local().flowController().unconsumedBytes(onConnector)).isEqualTo(SENT);
    assertThat(edgeCodec.remote().flowController().windowSize(onEdge)).isEqualTo(WINDOW - SENT);

    stream.reading(true);
    pump();

    assertThat(codec.local().flowController().unconsumedBytes(onConnector)).isZero();
    assertThat(edgeCodec.remote().flowController().windowSize(onEdge)).isEqualTo(WINDOW);
  }

  @Test
  void anAbandonedStreamIsResetOnceAndAFinishedOneNotAtAll() {
    TunnelConnectionTuning.openConnectionWindow(connector.pipeline());
    pump();
    var resets = new ArrayList<Http2ResetFrame>();
    var answered = open(resets, true);
    var abandoned = open(resets, false);

    // The edge ended its request (a GET) and the answer ended it too: nothing to reset.
    answered.writeAndFlush(
        new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("204"), true));
    answered.close();
    // A request whose body is still coming: abandoned, twice, as two failures may both do.
    abandoned.close();
    abandoned.close();
    pump();

    assertThat(resetsWritten).isEqualTo(1);
    assertThat(resets).hasSize(1);
    assertThat(resets.get(0).stream().id()).isEqualTo(requests.get(1).stream().id());
    assertThat(resets.get(0).errorCode()).isEqualTo(Http2Error.CANCEL.code());
  }

  @Test
  void aRequestAnsweredAtOnceIsNoLongerInFlightOnceItsStreamCloses() {
    var proxy =
        new OriginProxy(
            IngressTable.parse(Map.of("ingress", List.of(Map.of("service", "http_status:404")))));
    var served = new EmbeddedChannel(TunnelConnectionTuning.codec(false));
    served.pipeline().addLast(new EdgeStreams(null, verdict -> {}, proxy));
    var client =
        new EmbeddedChannel(
            TunnelConnectionTuning.codec(true),
            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
    try {
      pump(client, served);
      var opening = new Http2StreamChannelBootstrap(client).open();
      client.runPendingTasks();
      // A GET: the rules' http_status answers it before its exchange is even set, and with no
      // flush consolidation here the stream closes right then.
      opening
          .getNow()
          .writeAndFlush(
              new DefaultHttp2HeadersFrame(
                  new DefaultHttp2Headers().method("GET").path("/").scheme("https"), true));
      pump(client, served);

      assertThat(proxy.metrics().requests()).isEqualTo(1);
      assertThat(proxy.metrics().responses()).containsEntry(404, 1L);
      assertThat(proxy.metrics().inFlight()).as("requests in flight").isZero();
    } finally {
      served.finishAndReleaseAll();
      client.finishAndReleaseAll();
    }
  }

  /** Opens a request stream from the edge and returns the connector's end of it. */
  private EdgeStream open(List<Http2ResetFrame> resets, boolean endStream) {
    var opening =
        new Http2StreamChannelBootstrap(edge)
            .handler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    if (event instanceof Http2ResetFrame reset) { // how a child hears of RST
                      resets.add(reset);
                    }
                  }

                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                  }
                })
            .open();
    edge.runPendingTasks();
    opening
        .getNow()
        .writeAndFlush(
            new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers().method("GET").path("/").scheme("https"), endStream));
    pump();
    var request = requests.get(requests.size() - 1);
    var codec = connector.pipeline().get(Http2FrameCodec.class).connection();
    var stream =
        new EdgeStream(
            connection, request.stream(), codec, new VoidChannelPromise(connector, false));
    stream.opened(request);
    return stream;
  }

  /** Carries the bytes each end wrote to the other until neither has more to say. */
  private void pump() {
    pump(edge, connector);
  }

  private static void pump(EmbeddedChannel edge, EmbeddedChannel connector) {
    boolean moved;
    do {
      moved = carry(edge, connector) | carry(connector, edge);
      edge.runPendingTasks();
      connector.runPendingTasks();
    } while (moved);
  }

  private static boolean carry(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (ByteBuf bytes; (bytes = from.readOutbound()) != null; ) {
      to.writeInbound(bytes);
      moved = true;
    }
    return moved;
  }
}
