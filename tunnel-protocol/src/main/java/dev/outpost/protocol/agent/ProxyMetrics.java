package dev.outpost.protocol.agent;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the connector has served: requests, answers by status code, requests in flight. */
public final class ProxyMetrics {

  private final LongAdder requests = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * Answers by status code (three digits in HTTP): a counter per code, indexed, so a request costs
   * no map lookup or boxing; LongAdder, as the event loops count the same codes at once.
   */
  private final LongAdder[] responses = new LongAdder[1000];

  public ProxyMetrics() {
    Arrays.setAll(responses, code -> new LongAdder());
  }

  void started() {
    requests.increment();
    inFlight.incrementAndGet();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  void answered(int status) {
    if (status >= 0 && status < responses.length) {
      responses[status].increment();
    }
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
    for (int status = 0; status < responses.length; status++) {
      long count = responses[status].sum();
      if (count > 0) {
        copy.put(status, count);
      }
    }
    return copy;
  }
}
