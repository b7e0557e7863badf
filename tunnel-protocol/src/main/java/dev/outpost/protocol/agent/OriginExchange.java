package dev.outpost.protocol.agent;

import io.netty.handler.codec.http2.Http2StreamFrame;

/**
 * What serves one stream the edge opened: a public request for an origin (see {@link
 * OriginProxy#open}), an answer the connector gives itself, or a control exchange. Called on the
 * stream's event loop.
 */
interface OriginExchange {

  /** A frame of the stream after its first HEADERS; the exchange owns (releases) it. */
  void fromEdge(Http2StreamFrame frame);

  /** The edge's frames of this read are all in: the time to flush what they caused. */
  default void edgeReadComplete() {}

  /** The stream can take more ({@code true}) or is full. */
  default void edgeWritabilityChanged(boolean writable) {}

  /** The stream is closed: finished, reset by the edge, or its connection gone. */
  default void edgeClosed() {}
}
