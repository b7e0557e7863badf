package dev.outpost.router.edge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells when a heartbeat's acknowledgement came too long after the one before: Kafka was out of
 * reach in between. Thread-safe.
 */
final class AckGaps {

  private final long tooLongNanos;
  private final AtomicLong lastAck = new AtomicLong();

  AckGaps(long tooLongNanos) {
    this.tooLongNanos = tooLongNanos;
  }

  /**
   * Notes an acknowledgement at {@code nanos} ({@link System#nanoTime}); true when it came more
   * than the limit after the one before. The first one is never late.
   */
  boolean acknowledged(long nanos) {
    long previous = lastAck.getAndSet(nanos);
    return previous != 0 && nanos - previous > tooLongNanos;
  }
}
