package dev.outpost.protocol.edge;

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
 * The connector's answer on one stream, written to the public client as HTTP/1.1 as it arrives
 * (chunked unless the origin gave a length). Flushes on every piece so a server-sent event is not
 * held back, and pauses the stream while the client cannot take more. Event-loop confined.
 */
final class ResponseRelay extends ChannelInboundHandlerAdapter {

  private final Channel client;
  private final PublicRequestHandler owner;
  private boolean headersSent;

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
        var status = HttpResponseStatus.parseLine(frame.headers().status());
        var response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        for (var header : frame.headers()) {
          var name = header.getKey().toString();
          if (!name.startsWith(":")) {
            response.headers().add(name, header.getValue());
          }
        }
        if (frame.isEndStream()) {
          response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        } else if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
          response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        headersSent = true;
        client.write(response);
        if (frame.isEndStream()) {
          client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
          finish(ctx);
        } else {
          client.flush();
        }
      } else if (msg instanceof Http2DataFrame frame) {
        var content = frame.content().retain();
        if (frame.isEndStream()) {
          client.writeAndFlush(new DefaultLastHttpContent(content));
          finish(ctx);
        } else {
          client.writeAndFlush(new DefaultHttpContent(content));
          if (!client.isWritable()) {
            ctx.channel().config().setAutoRead(false);
          }
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void finish(ChannelHandlerContext ctx) {
    owner.responseDone(client);
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      owner.streamWritable(client);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!headersSent) {
      var response =
          new io.netty.handler.codec.http.DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY);
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      client.writeAndFlush(response);
      owner.responseDone(client);
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
