package dev.outpost.protocol.agent;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the connector has served: requests, answers by status code, requests in flight. */
public final class ProxyMetrics {

  private final LongAdder requests = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();

  void started() {
    requests.increment();
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  void answered(int status) {
    responses.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  public long requests() {
    return requests.sum();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Answers by status code, in code order. */
  public Map<Integer, Long> responses() {
    var copy = new TreeMap<Integer, Long>();
    responses.forEach((status, count) -> copy.put(status, count.sum()));
    return copy;
  }

  /** Notes the status of the first HEADERS frame the connector writes on a request's stream. */
  static final class StatusRecorder extends ChannelOutboundHandlerAdapter {
    private final ProxyMetrics metrics;
    private boolean recorded;

    StatusRecorder(ProxyMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (!recorded
          && msg instanceof Http2HeadersFrame headers
          && headers.headers().status() != null) {
        recorded = true;
        metrics.answered(Integer.parseInt(headers.headers().status().toString()));
      }
      ctx.write(msg, promise);
    }
  }
}
