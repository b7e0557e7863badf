package dev.outpost.protocol.edge;

import dev.outpost.protocol.Backpressure;
import dev.outpost.protocol.Streams;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The connector's answer on one stream, written to the public HTTP/1.1 client as it arrives
 * (chunked unless the origin gave a length). Flushes once per batch of frames, so a server-sent
 * event is not held back and a bulk download is not a system call per frame; pauses the stream
 * while the client cannot take more. Event-loop confined (the tunnel connection's loop).
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {

  private final Channel client;
  private final PublicRequestHandler owner;
  private boolean headersSent;
  private boolean upgraded;
  private boolean finished;

  ResponseRelay(Channel client, PublicRequestHandler owner) {
    this.client = client;
    this.owner = owner;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame frame) {
        if (headersSent) {
          return; // trailers: not carried over HTTP/1.1 here
        }
        headersSent = true;
        var switched = frame.headers().get(Streams.UPGRADED);
        var status =
            switched != null
                ? HttpResponseStatus.SWITCHING_PROTOCOLS
                : HttpResponseStatus.parseLine(frame.headers().status());
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        for (var header : frame.headers()) {
          var name = header.getKey();
          if (name.length() > 0 && name.charAt(0) != ':' && !ForwardedHeaders.isOurs(name)) {
            response.headers().add(name, header.getValue());
          }
        }
        if (switched != null) {
          upgraded = true;
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
          response.headers().set(HttpHeaderNames.UPGRADE, switched);
          onClientLoop(() -> owner.switchedProtocols(client, response));
          return;
        }
        if (frame.isEndStream()) {
          response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        } else if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
          response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        client.write(response);
        if (frame.isEndStream()) {
          client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
          finish(ctx);
        }
      } else if (msg instanceof Http2DataFrame frame) {
        var content = frame.content().retain();
        if (upgraded) {
          client.write(content);
          if (frame.isEndStream()) {
            client.flush();
            finish(ctx);
          }
        } else if (frame.isEndStream()) {
          client.writeAndFlush(new DefaultLastHttpContent(content));
          finish(ctx);
        } else {
          client.write(new DefaultHttpContent(content));
        }
        if (!finished) {
          Backpressure.pauseIfFull(client, ctx.channel());
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onClientLoop(Runnable task) {
    if (client.eventLoop().inEventLoop()) {
      task.run();
    } else {
      client.eventLoop().execute(task);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!finished) {
      client.flush();
    }
    ctx.fireChannelReadComplete();
  }

  private void finish(ChannelHandlerContext ctx) {
    finished = true;
    onClientLoop(() -> owner.responseDone(client));
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      onClientLoop(() -> owner.streamWritable(client));
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!headersSent) {
      onClientLoop(() -> owner.tunnelDropped(client));
    } else if (!finished) {
      client.close(); // cut off mid-answer: the client must not wait for the rest
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
    if (headersSent) {
      client.close(); // a half-sent response cannot be repaired
    }
  }
}
