package dev.outpost.router.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the routing view has caught up with the topics as they were when the router started:
 * every partition's last record at start has been applied (or skipped as unreadable).
 *
 * <p>Once caught up it stays caught up: the view then serves from memory, and losing Kafka later
 * makes it stale, not wrong enough to stop serving. Re-checking against newer end offsets would
 * take the router out of rotation exactly when Kafka is unreachable, which is what the in-memory
 * view exists to survive.
 *
 * <p>The last record at start is at {@code end - 1}: a compacted topic never cleans its active
 * segment, so that record survives compaction. (A transactional producer's commit marker would sit
 * there instead; the platform's producers are idempotent, not transactional.)
 *
 * <p>Thread-safe: the listeners report from their threads, the start-up probe sets the targets
 * once, readiness reads from a worker thread.
 */
public final class CatchUp {

  private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
  // The offset of the last record per non-empty partition; null until the probe read them.
  private volatile Map<TopicPartition, Long> targets;
  private volatile boolean caughtUp;

  /**
   * Sets what to wait for, from the partitions' offsets at start; a partition with nothing between
   * them (never written, or truncated) counts as caught up.
   *
   * @return how many partitions hold records to wait for
   */
  public int expect(Map<TopicPartition, Long> beginningOffsets, Map<TopicPartition, Long> ends) {
    var lastRecords = new HashMap<TopicPartition, Long>();
    ends.forEach(
        (partition, end) -> {
          if (end > beginningOffsets.getOrDefault(partition, 0L)) {
            lastRecords.put(partition, end - 1);
          }
        });
    targets = Map.copyOf(lastRecords);
    return lastRecords.size();
  }

  /** The listeners report every record they consumed, applied or skipped. */
  public void applied(String topic, int partition, long offset) {
    applied.merge(new TopicPartition(topic, partition), offset, Math::max);
  }

  /** The highest offset consumed of a partition, or -1. */
  long lastApplied(TopicPartition partition) {
    return applied.getOrDefault(partition, -1L);
  }

  /** Whether targets are known and every partition reached its target; true ever after. */
  public boolean caughtUp() {
    if (!caughtUp) {
      caughtUp = targets != null && partitionsBehind() == 0;
    }
    return caughtUp;
  }

  /** Partitions not caught up yet; -1 while the targets are unknown (Kafka not reached yet). */
  public int partitionsBehind() {
    var known = targets;
    if (known == null) {
      return -1;
    }
    return (int)
        known.entrySet().stream().filter(e -> lastApplied(e.getKey()) < e.getValue()).count();
  }
}
