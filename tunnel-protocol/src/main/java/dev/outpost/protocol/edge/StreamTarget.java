package dev.outpost.protocol.edge;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;

/**
 * Where one public request goes: a connection of its tunnel on this edge, or a link to a peer
 * router that holds one. Either way it is an HTTP/2 stream the edge opens and writes the request
 * to.
 */
public interface StreamTarget {

  /**
   * Opens a stream for one request; {@code handler} receives the answer. The future completes on
   * the target's event loop, which may not be the caller's.
   */
  Future<Http2StreamChannel> openStream(ChannelHandler handler);

  /** Adds what this target needs to know to the request's headers, before they are sent. */
  default void address(Http2Headers headers) {}
}
