package dev.outpost.protocol.agent;

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
}
