package dev.outpost.protocol.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One registered connection of a connector, as the edge holds it: the TLS + HTTP/2 channel on which
 * the edge opens a stream per public request. Thread-safe.
 */
public final class TunnelConnection implements StreamTarget {

  private final Channel channel;
  private final UUID connectionId;
  private final UUID tunnelId;
  private final UUID tenantId;
  private final UUID connectorId;
  private final int connIndex;
  private final String clientVersion;
  private final String platform;
  private final String originIp;
  private final int haConnections;
  private final Instant openedAt = Instant.now();
  private final AtomicInteger inFlight = new AtomicInteger();

  TunnelConnection(
      Channel channel,
      UUID connectionId,
      UUID tunnelId,
      UUID tenantId,
      UUID connectorId,
      int connIndex,
      String clientVersion,
      String platform,
      String originIp,
      int haConnections) {
    this.channel = channel;
    this.connectionId = connectionId;
    this.tunnelId = tunnelId;
    this.tenantId = tenantId;
    this.connectorId = connectorId;
    this.connIndex = connIndex;
    this.clientVersion = clientVersion;
    this.platform = platform;
    this.originIp = originIp;
    this.haConnections = haConnections;
  }

  /** How many connections the connector means to hold; 0 when it did not say (older ones). */
  public int haConnections() {
    return haConnections;
  }

  /** Opens a stream for one request; {@code handler} receives the connector's answer. */
  @Override
  public Future<Http2StreamChannel> openStream(ChannelHandler handler) {
    countStream(1);
    var future = new Http2StreamChannelBootstrap(channel).handler(handler).open();
    future.addListener(
        opened -> {
          if (opened.isSuccess()) {
            ((Http2StreamChannel) opened.getNow())
                .closeFuture()
                .addListener(closed -> countStream(-1));
          } else {
            countStream(-1);
          }
        });
    return future;
  }

  /** A stream opened (+1) or ended (-1). */
  void countStream(int delta) {
    inFlight.addAndGet(delta);
  }

  public boolean isActive() {
    return channel.isActive();
  }

  /** Streams open now: the edge sends a new request to the connection with the fewest. */
  public int inFlight() {
    return inFlight.get();
  }

  public Channel channel() {
    return channel;
  }

  public UUID connectionId() {
    return connectionId;
  }

  public UUID tunnelId() {
    return tunnelId;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public UUID connectorId() {
    return connectorId;
  }

  public int connIndex() {
    return connIndex;
  }

  public String clientVersion() {
    return clientVersion;
  }

  public String platform() {
    return platform;
  }

  public String originIp() {
    return originIp;
  }

  public Instant openedAt() {
    return openedAt;
  }
}
